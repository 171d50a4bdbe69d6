/** An error a user can act on: `message` says what happened and names the fix. */
export class UserError extends Error {
  /** A stable machine-readable code, e.g. `keychain-unavailable`. */
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UserError';
    this.code = code;
  }
}

/** The session has no usable refresh token: the user must sign in again. */
export class SignedOutError extends UserError {
  constructor(message = 'Not signed in to Alibaba Cloud: sign in again with `mcp-gate login`.') {
    super('signed-out', message);
    this.name = 'SignedOutError';
  }
}

/** The token endpoint could not be used (network, 5xx, malformed answer); retrying may help. */
export class TokenEndpointError extends UserError {
  constructor(message: string, options?: ErrorOptions) {
    super('token-endpoint', message, options);
    this.name = 'TokenEndpointError';
  }
}

/** The authorization server rejected the code or refresh token (`invalid_grant`): only a new sign-in helps. */
export class InvalidGrantError extends UserError {
  constructor(
    message = 'Alibaba Cloud no longer accepts this sign-in (invalid_grant): sign in again: `mcp-gate login`.',
    options?: ErrorOptions,
  ) {
    super('invalid-grant', message, options);
    this.name = 'InvalidGrantError';
  }
}
