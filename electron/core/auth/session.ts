import { InvalidGrantError, SignedOutError, TokenEndpointError } from '../errors';
import type { Logger } from '../logger';
import type { TokenClient } from './token-client';
import {
  systemClock,
  type AccessTokenSource,
  type Clock,
  type TokenSet,
  type TokenVault,
} from './types';

/** What the tray, the CLI and `/status` show about a profile's sign-in. */
export interface SessionStatus {
  readonly state: 'signed-out' | 'signed-in' | 'refreshing' | 'expired';
  readonly accessTokenExpiresAt: number | null;
  readonly lastError: string | null;
}

/** The token session of one profile: the access token in memory, the refresh token in the vault. */
export interface TokenSession extends AccessTokenSource {
  /** The current state, without I/O. */
  status(): SessionStatus;
  /** Calls `listener` whenever status() changes; returns the unsubscribe function. */
  onChange(listener: (status: SessionStatus) => void): () => void;
  /** Takes the tokens of a fresh sign-in: the refresh token is persisted before the access token is used. */
  adopt(tokens: TokenSet): Promise<void>;
  /** Revokes (best effort) and deletes the refresh token and forgets the access token, even offline. */
  signOut(): Promise<{ readonly revoked: boolean }>;
  /** True when the vault holds a refresh token for this profile. */
  hasStoredToken(): Promise<boolean>;
}

/** Options of createTokenSession. */
export interface TokenSessionOptions {
  readonly profile: string;
  readonly vault: TokenVault;
  readonly tokenClient: TokenClient;
  readonly clock?: Clock;
  readonly logger: Logger;
  /** Refresh this long before expiry; default min(60 s, 10 % of the token's lifetime). */
  readonly refreshSkewMs?: number;
  /** Limit for the revocation request at sign-out. Default 5 s. */
  readonly revokeTimeoutMs?: number;
}

const BACKOFF_FIRST_MS = 1_000;
const EXPIRED_MESSAGE =
  'Alibaba Cloud ended this sign-in (the refresh token was rejected): sign in again with `mcp-gate login`.';
const BACKOFF_MAX_MS = 60_000;
/** How often an expired session looks in the vault for a token stored by another process. */
const VAULT_RECHECK_MS = 2_000;

interface AccessToken {
  readonly token: string;
  readonly expiresAt: number | null;
  readonly refreshAt: number | null;
}

interface Backoff {
  readonly until: number;
  readonly delayMs: number;
  readonly error: TokenEndpointError;
}

function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

/** Creates the session; refreshes single-flight, ahead of expiry, with back-off, and stops for good on invalid_grant. */
export function createTokenSession(options: TokenSessionOptions): TokenSession {
  const { profile, vault, tokenClient, logger } = options;
  const clock = options.clock ?? systemClock;
  const revokeTimeoutMs = options.revokeTimeoutMs ?? 5_000;
  const listeners = new Set<(status: SessionStatus) => void>();

  let access: AccessToken | null = null;
  let refreshing: Promise<string> | null = null;
  let backoff: Backoff | null = null;
  let expired = false;
  /** The refresh token the server rejected, and when the vault may next be checked for a new one. */
  let deadRefreshToken: string | null = null;
  let nextVaultCheck = 0;
  let stored = false;
  let lastError: string | null = null;
  let lastEmitted = '';

  function status(): SessionStatus {
    const state: SessionStatus['state'] = expired
      ? 'expired'
      : refreshing !== null
        ? 'refreshing'
        : access !== null || stored
          ? 'signed-in'
          : 'signed-out';
    return { state, accessTokenExpiresAt: access?.expiresAt ?? null, lastError };
  }

  function emit(): void {
    const snapshot = status();
    const key = JSON.stringify(snapshot);
    if (key === lastEmitted) return;
    lastEmitted = key;
    for (const listener of listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        logger.error({ err: error, profile }, 'token session listener failed');
      }
    }
  }

  function keep(tokens: TokenSet): string {
    const now = clock.now();
    if (tokens.expiresIn === null) {
      access = { token: tokens.accessToken, expiresAt: null, refreshAt: null };
    } else {
      const lifetimeMs = tokens.expiresIn * 1000;
      const skewMs = options.refreshSkewMs ?? Math.min(60_000, lifetimeMs / 10);
      access = {
        token: tokens.accessToken,
        expiresAt: now + lifetimeMs,
        refreshAt: now + lifetimeMs - skewMs,
      };
    }
    return tokens.accessToken;
  }

  function isFresh(token: AccessToken): boolean {
    return token.refreshAt === null || clock.now() < token.refreshAt;
  }

  /** Persists a rotated refresh token; only then may the new access token be used. */
  async function persistAndKeep(tokens: TokenSet, usedRefreshToken: string): Promise<string> {
    if (tokens.refreshToken !== null && tokens.refreshToken !== usedRefreshToken) {
      await vault.set(profile, tokens.refreshToken);
    }
    stored = true;
    backoff = null;
    lastError = null;
    return keep(tokens);
  }

  async function expire(dead: string): Promise<never> {
    expired = true;
    deadRefreshToken = dead;
    nextVaultCheck = clock.now() + VAULT_RECHECK_MS;
    access = null;
    lastError = EXPIRED_MESSAGE;
    let deleteFailed: string | undefined;
    try {
      // Leave a token another process wrote meanwhile alone; delete only the dead one.
      if ((await vault.get(profile)) === dead) await vault.delete(profile);
      stored = false;
    } catch (error) {
      deleteFailed = error instanceof Error ? error.message : String(error);
    }
    logger.warn(
      {
        profile,
        event: 'signed-out',
        reason: 'invalid_grant',
        ...(deleteFailed === undefined ? {} : { deleteFailed }),
      },
      'the authorization server rejected the refresh token: signed out, run `mcp-gate login`',
    );
    throw new SignedOutError(EXPIRED_MESSAGE);
  }

  async function refreshWith(refreshToken: string): Promise<string> {
    try {
      return await persistAndKeep(await tokenClient.refresh(refreshToken), refreshToken);
    } catch (error) {
      if (error instanceof TokenEndpointError) {
        const delayMs =
          backoff === null ? BACKOFF_FIRST_MS : Math.min(backoff.delayMs * 2, BACKOFF_MAX_MS);
        backoff = { until: clock.now() + delayMs, delayMs, error };
      }
      throw error;
    }
  }

  async function runRefresh(): Promise<string> {
    const refreshToken = await vault.get(profile);
    stored = refreshToken !== null;
    if (refreshToken === null) {
      access = null;
      throw new SignedOutError();
    }
    try {
      return await refreshWith(refreshToken);
    } catch (error) {
      if (!(error instanceof InvalidGrantError)) throw error;
      // Another process (e.g. `mcp-gate login`) may have rotated or replaced the token: try that one once.
      const current = await vault.get(profile);
      if (current === null || current === refreshToken) return expire(refreshToken);
      try {
        return await refreshWith(current);
      } catch (retryError) {
        if (retryError instanceof InvalidGrantError) return expire(current);
        throw retryError;
      }
    }
  }

  /**
   * While expired, looks (at most every few seconds) for a refresh token that another process
   * stored since, e.g. `mcp-gate login` next to a running proxy; never retries the dead one.
   */
  async function recoverFromVault(): Promise<string> {
    nextVaultCheck = clock.now() + VAULT_RECHECK_MS;
    const current = await vault.get(profile);
    if (current === null || current === deadRefreshToken) throw new SignedOutError(EXPIRED_MESSAGE);
    expired = false;
    deadRefreshToken = null;
    lastError = null;
    try {
      return await refreshWith(current);
    } catch (error) {
      if (error instanceof InvalidGrantError) return expire(current);
      throw error;
    }
  }

  /** Joins the refresh in flight, or starts one unless signed out or backing off. */
  function sharedRefresh(): Promise<string> {
    if (refreshing !== null) return refreshing;
    if (expired && clock.now() < nextVaultCheck) {
      return Promise.reject(new SignedOutError(EXPIRED_MESSAGE));
    }
    if (backoff !== null && clock.now() < backoff.until) return Promise.reject(backoff.error);
    const flight = (expired ? recoverFromVault() : runRefresh())
      .catch((error: unknown) => {
        if (error instanceof Error && !(error instanceof SignedOutError)) lastError = error.message;
        throw error;
      })
      .finally(() => {
        refreshing = null;
        emit();
      });
    refreshing = flight;
    emit();
    return flight;
  }

  return {
    status,

    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    async getAccessToken(signal) {
      const current = access;
      if (current !== null && !expired && isFresh(current)) return current.token;
      try {
        return await raceSignal(sharedRefresh(), signal);
      } catch (error) {
        // An early refresh that failed for a transient reason: the old token is still good until it expires.
        const stillValid =
          current !== null && current.expiresAt !== null && clock.now() < current.expiresAt;
        if (error instanceof TokenEndpointError && stillValid && access === current)
          return current.token;
        throw error;
      }
    },

    refreshAfterRejection(rejected, signal) {
      if (access !== null && !expired && access.token !== rejected && isFresh(access)) {
        return Promise.resolve(access.token);
      }
      if (access?.token === rejected) access = null;
      return raceSignal(sharedRefresh(), signal);
    },

    async adopt(tokens) {
      await refreshing?.catch(() => undefined);
      if (tokens.refreshToken !== null) {
        await vault.set(profile, tokens.refreshToken);
        stored = true;
      } else {
        logger.warn(
          { profile },
          'sign-in returned no refresh token: sign in again when the access token expires',
        );
      }
      expired = false;
      deadRefreshToken = null;
      backoff = null;
      lastError = null;
      keep(tokens);
      emit();
    },

    async signOut() {
      await refreshing?.catch(() => undefined);
      access = null;
      let revoked = false;
      try {
        const refreshToken = await vault.get(profile);
        if (refreshToken !== null) {
          revoked = await tokenClient.revoke(refreshToken, { timeoutMs: revokeTimeoutMs });
        }
      } catch (error) {
        logger.warn(
          { profile, err: error instanceof Error ? error.message : String(error) },
          'could not revoke the refresh token; it is deleted locally anyway',
        );
      }
      try {
        await vault.delete(profile);
        stored = false;
      } finally {
        access = null;
        expired = false;
        backoff = null;
        lastError = null;
        emit();
      }
      return { revoked };
    },

    async hasStoredToken() {
      stored = (await vault.get(profile)) !== null;
      emit();
      return stored;
    },
  };
}
