/** Where a profile's refresh token is kept: the OS keychain, or an opted-in 0600 file. */
export interface TokenVault {
  readonly kind: 'keychain' | 'file';
  /** Reads the refresh token stored for `profile`, or null when there is none. */
  get(profile: string): Promise<string | null>;
  /** Stores (replaces) the refresh token of `profile`. */
  set(profile: string, refreshToken: string): Promise<void>;
  /** Deletes the refresh token of `profile`; false when there was none. */
  delete(profile: string): Promise<boolean>;
}

/** The OAuth endpoints in force for one profile. */
export interface OAuthEndpoints {
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string | null;
}

/** A successful token endpoint answer, normalised. */
export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken: string | null;
  /** Lifetime in seconds as the server said, or null when it did not say. */
  readonly expiresIn: number | null;
  readonly tokenType: string;
}

/** What the proxy needs from the token layer. */
export interface AccessTokenSource {
  /** A valid access token, refreshed first when absent or about to expire. Throws SignedOutError or TokenEndpointError. */
  getAccessToken(signal?: AbortSignal): Promise<string>;
  /**
   * Called after the upstream rejected `rejected` with 401: refreshes once for all callers
   * that saw the same token (single flight) and returns the new token.
   */
  refreshAfterRejection(rejected: string, signal?: AbortSignal): Promise<string>;
}

/** A clock, injected so tests can move time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
