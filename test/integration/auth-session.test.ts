import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenSession, type TokenSession } from '../../electron/core/auth/session';
import { createTokenClient } from '../../electron/core/auth/token-client';
import type { Clock, TokenVault } from '../../electron/core/auth/types';
import { createFileVault } from '../../electron/core/auth/vault-file';
import { SignedOutError, TokenEndpointError } from '../../electron/core/errors';
import { createLogger } from '../../electron/core/logger';
import { startTokenServer, type TokenServer } from './auth-token-server';

const PROFILE = 'default';

/** A clock the test moves by hand. */
function manualClock(start = 1_700_000_000_000): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now, advance: (ms) => void (now += ms) };
}

let server: TokenServer;
let dir: string;
let vault: TokenVault;
let clock: ReturnType<typeof manualClock>;
let logLines: Record<string, unknown>[];

function makeSession(
  overrides: { vault?: TokenVault; revokeTimeoutMs?: number } = {},
): TokenSession {
  const logger = createLogger({
    level: 'debug',
    destination: {
      write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>),
    },
  });
  return createTokenSession({
    profile: PROFILE,
    vault: overrides.vault ?? vault,
    tokenClient: createTokenClient({
      endpoints: {
        authorizeUrl: `${server.origin}/auth`,
        tokenUrl: server.tokenUrl,
        revokeUrl: server.revokeUrl,
      },
      clientId: 'client-123',
      timeoutMs: 300,
    }),
    clock,
    logger,
    revokeTimeoutMs: overrides.revokeTimeoutMs ?? 300,
  });
}

/** A vault signed in with refresh token `rt-0` that the server accepts. */
async function signedIn(): Promise<TokenSession> {
  server.addRefreshToken('rt-0');
  await vault.set(PROFILE, 'rt-0');
  return makeSession();
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected a failure');
}

beforeEach(async () => {
  server = await startTokenServer();
  dir = await mkdtemp(join(tmpdir(), 'mcp-gate-session-'));
  vault = createFileVault(join(dir, 'tokens.json'));
  clock = manualClock();
  logLines = [];
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('token session', () => {
  it('refreshes with the stored token, stores the rotated one, keeps the access token in memory', async () => {
    const session = await signedIn();
    expect(session.status().state).toBe('signed-out'); // nothing read yet
    await expect(session.hasStoredToken()).resolves.toBe(true);
    expect(session.status().state).toBe('signed-in');
    await expect(session.getAccessToken()).resolves.toBe('at-1');
    expect(await vault.get(PROFILE)).toBe('rt-1');
    expect(session.status()).toEqual({
      state: 'signed-in',
      accessTokenExpiresAt: clock.now() + 3600_000,
      lastError: null,
    });
    await expect(session.getAccessToken()).resolves.toBe('at-1');
    expect(server.tokenRequests()).toHaveLength(1);
  });

  it('ten concurrent refreshAfterRejection of the same token → exactly one refresh request', async () => {
    const session = await signedIn();
    const first = await session.getAccessToken();
    let release!: () => void;
    server.gate = new Promise<void>((resolve) => (release = resolve));
    const calls = Array.from({ length: 10 }, () => session.refreshAfterRejection(first));
    expect(session.status().state).toBe('refreshing');
    release();
    const tokens = await Promise.all(calls);
    expect(new Set(tokens)).toEqual(new Set(['at-2']));
    expect(server.tokenRequests()).toHaveLength(2); // one at start-up, one for all ten 401s
    // a late caller that still holds the old token gets the current one without a refresh
    await expect(session.refreshAfterRejection(first)).resolves.toBe('at-2');
    expect(server.tokenRequests()).toHaveLength(2);
  });

  it('the rotated refresh token is in the vault before the new access token is handed out', async () => {
    const session = await signedIn();
    const seen: (string | null)[] = [];
    // Each /token request looks at the vault: the token it carries must already be the stored one.
    server.onTokenRequest = async () => {
      seen.push(await vault.get(PROFILE));
    };
    const first = await session.getAccessToken();
    await session.refreshAfterRejection(first);
    expect(seen).toEqual(['rt-0', 'rt-1']);
    expect(server.tokenRequests().map((r) => r.form['refresh_token'])).toEqual(['rt-0', 'rt-1']);
    expect(await vault.get(PROFILE)).toBe('rt-2');
  });

  it('a vault write that fails surfaces the error and no access token is handed out', async () => {
    server.addRefreshToken('rt-0');
    await vault.set(PROFILE, 'rt-0');
    const failingVault: TokenVault = {
      ...vault,
      kind: 'file',
      get: (p) => vault.get(p),
      delete: (p) => vault.delete(p),
      set: () => Promise.reject(new Error('disk full')),
    };
    const session = makeSession({ vault: failingVault });
    await expect(session.getAccessToken()).rejects.toThrow('disk full');
    expect(session.status().accessTokenExpiresAt).toBeNull();
    expect(session.status().lastError).toBe('disk full');
  });

  it.each(['http-500', 'html', 'hang', 'no-access-token'] as const)(
    '%s → TokenEndpointError and the stored refresh token is untouched',
    async (fault) => {
      const session = await signedIn();
      server.fault = fault;
      const error = await failure(session.getAccessToken());
      expect(error).toBeInstanceOf(TokenEndpointError);
      expect(await vault.get(PROFILE)).toBe('rt-0');
      expect(session.status().lastError).toBe(error.message);
    },
  );

  it('backs off after a failure: callers fail fast until the delay passes, then it doubles', async () => {
    const session = await signedIn();
    server.fault = 'http-500';
    const first = await failure(session.getAccessToken());
    expect(server.tokenRequests()).toHaveLength(1);
    // during back-off: same error, no request
    expect(await failure(session.getAccessToken())).toBe(first);
    expect(await failure(session.refreshAfterRejection('whatever'))).toBe(first);
    expect(server.tokenRequests()).toHaveLength(1);
    clock.advance(1_000);
    await failure(session.getAccessToken());
    expect(server.tokenRequests()).toHaveLength(2);
    clock.advance(1_000); // the second delay is 2 s
    await failure(session.getAccessToken());
    expect(server.tokenRequests()).toHaveLength(2);
    clock.advance(1_000);
    server.fault = null;
    await expect(session.getAccessToken()).resolves.toBe('at-1');
    expect(server.tokenRequests()).toHaveLength(3);
    expect(session.status().lastError).toBeNull();
  });

  it('caps the back-off at 60 s', async () => {
    const session = await signedIn();
    server.fault = 'http-500';
    let waited = 1_000;
    for (let i = 0; i < 8; i += 1) {
      await failure(session.getAccessToken());
      clock.advance(waited);
      waited = Math.min(waited * 2, 60_000);
    }
    const requests = server.tokenRequests().length;
    clock.advance(59_999);
    await failure(session.getAccessToken());
    expect(server.tokenRequests()).toHaveLength(requests + 1);
    clock.advance(59_999);
    await failure(session.getAccessToken());
    expect(server.tokenRequests()).toHaveLength(requests + 1);
  });

  it('invalid_grant → expired, vault entry deleted, one warning, then SignedOutError with no requests', async () => {
    await vault.set(PROFILE, 'rt-dead');
    const session = makeSession();
    const changes: string[] = [];
    session.onChange((status) => changes.push(status.state));
    const error = await failure(session.getAccessToken());
    expect(error).toBeInstanceOf(SignedOutError);
    expect(error.message).toContain('mcp-gate login');
    expect(session.status().state).toBe('expired');
    expect(changes.at(-1)).toBe('expired');
    expect(await vault.get(PROFILE)).toBeNull();
    const requests = server.tokenRequests().length;
    expect(requests).toBe(1);
    for (let i = 0; i < 5; i += 1) {
      await expect(session.getAccessToken()).rejects.toBeInstanceOf(SignedOutError);
      await expect(session.refreshAfterRejection('x')).rejects.toBeInstanceOf(SignedOutError);
    }
    clock.advance(3_600_000);
    await expect(session.getAccessToken()).rejects.toBeInstanceOf(SignedOutError);
    expect(server.tokenRequests()).toHaveLength(requests);
    const warnings = logLines.filter((line) => line['level'] === 40);
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(logLines)).not.toContain('rt-dead');
  });

  it('after expiry, picks up a token that `mcp-gate login` stored from another process', async () => {
    await vault.set(PROFILE, 'rt-dead');
    const session = makeSession();
    await failure(session.getAccessToken());
    expect(session.status().state).toBe('expired');
    // another process signs in and stores a fresh refresh token in the same vault
    server.addRefreshToken('rt-from-login');
    await vault.set(PROFILE, 'rt-from-login');
    const before = server.tokenRequests().length;
    // within the re-check interval: still signed out, no request to the token endpoint
    await expect(session.getAccessToken()).rejects.toBeInstanceOf(SignedOutError);
    expect(server.tokenRequests()).toHaveLength(before);
    clock.advance(2_500);
    const token = await session.getAccessToken();
    expect(token).toMatch(/^at-/);
    expect(session.status().state).toBe('signed-in');
    expect(server.tokenRequests()).toHaveLength(before + 1);
  });

  it('adopt() after expiry signs in again: refresh token stored first, access token used', async () => {
    await vault.set(PROFILE, 'rt-dead');
    const session = makeSession();
    await failure(session.getAccessToken());
    server.addRefreshToken('rt-new');
    await session.adopt({
      accessToken: 'at-new',
      refreshToken: 'rt-new',
      expiresIn: 600,
      tokenType: 'Bearer',
    });
    expect(await vault.get(PROFILE)).toBe('rt-new');
    expect(session.status().state).toBe('signed-in');
    await expect(session.getAccessToken()).resolves.toBe('at-new');
  });

  it('another process rotated the token meanwhile → adopted and retried once, not signed out', async () => {
    await vault.set(PROFILE, 'rt-stale');
    server.addRefreshToken('rt-from-login');
    // The first refresh (with the stale token) is refused; before it answers, `mcp-gate login` stores a new token.
    server.onTokenRequest = async (form) => {
      if (form['refresh_token'] === 'rt-stale') await vault.set(PROFILE, 'rt-from-login');
    };
    const session = makeSession();
    await expect(session.getAccessToken()).resolves.toBe('at-1');
    expect(server.tokenRequests().map((r) => r.form['refresh_token'])).toEqual([
      'rt-stale',
      'rt-from-login',
    ]);
    expect(await vault.get(PROFILE)).toBe('rt-1');
    expect(session.status().state).toBe('signed-in');
  });

  it('no stored token → SignedOutError, state signed-out, no request', async () => {
    const session = makeSession();
    await expect(session.getAccessToken()).rejects.toBeInstanceOf(SignedOutError);
    expect(session.status().state).toBe('signed-out');
    expect(server.requests).toHaveLength(0);
  });

  it('refreshes ahead of expiry: min(60 s, 10 % of the lifetime) before it', async () => {
    const session = makeSession();
    server.addRefreshToken('rt-a');
    await session.adopt({
      accessToken: 'at-a',
      refreshToken: 'rt-a',
      expiresIn: 3600,
      tokenType: 'Bearer',
    });
    clock.advance(3600_000 - 60_001);
    await expect(session.getAccessToken()).resolves.toBe('at-a');
    expect(server.tokenRequests()).toHaveLength(0);
    clock.advance(2);
    await expect(session.getAccessToken()).resolves.toBe('at-1');
    expect(server.tokenRequests()).toHaveLength(1);

    // a short-lived token (100 s) is refreshed 10 s early
    server.expiresIn = 100;
    await session.refreshAfterRejection('at-1');
    clock.advance(89_999);
    await expect(session.getAccessToken()).resolves.toBe('at-2');
    clock.advance(1);
    await expect(session.getAccessToken()).resolves.toBe('at-3');
  });

  it('an early refresh that fails transiently keeps serving the old token until it really expires', async () => {
    const session = makeSession();
    await session.adopt({
      accessToken: 'at-a',
      refreshToken: 'rt-a',
      expiresIn: 3600,
      tokenType: 'Bearer',
    });
    server.addRefreshToken('rt-a');
    server.fault = 'http-500';
    clock.advance(3600_000 - 30_000);
    await expect(session.getAccessToken()).resolves.toBe('at-a');
    await expect(session.getAccessToken()).resolves.toBe('at-a'); // backing off: no second request
    expect(server.tokenRequests()).toHaveLength(1);
    expect(session.status().lastError).toContain('HTTP 500');
    // a token the upstream rejected is never handed out again
    await expect(session.refreshAfterRejection('at-a')).rejects.toBeInstanceOf(TokenEndpointError);
    await expect(session.getAccessToken()).rejects.toBeInstanceOf(TokenEndpointError);
    expect(server.tokenRequests()).toHaveLength(1);
  });

  it('a caller’s abort ends only its own wait, not the shared refresh', async () => {
    const session = await signedIn();
    let release!: () => void;
    server.gate = new Promise<void>((resolve) => (release = resolve));
    const controller = new AbortController();
    const aborted = session.getAccessToken(controller.signal);
    const patient = session.getAccessToken();
    controller.abort(new Error('client went away'));
    await expect(aborted).rejects.toThrow('client went away');
    release();
    await expect(patient).resolves.toBe('at-1');
    expect(server.tokenRequests()).toHaveLength(1);
  });

  it('signOut revokes and deletes the stored token and forgets the access token', async () => {
    const session = await signedIn();
    await session.getAccessToken();
    await expect(session.signOut()).resolves.toEqual({ revoked: true });
    expect(server.revoked).toEqual(['rt-1']);
    expect(await vault.get(PROFILE)).toBeNull();
    expect(session.status()).toEqual({
      state: 'signed-out',
      accessTokenExpiresAt: null,
      lastError: null,
    });
    await expect(session.getAccessToken()).rejects.toBeInstanceOf(SignedOutError);
  });

  it('signOut while the revocation endpoint hangs still deletes the token', async () => {
    const session = await signedIn();
    await session.getAccessToken();
    server.revokeHangs = true;
    await expect(session.signOut()).resolves.toEqual({ revoked: false });
    expect(await vault.get(PROFILE)).toBeNull();
    expect(session.status().state).toBe('signed-out');
  });

  it('signOut offline (revocation endpoint closed) still deletes the token', async () => {
    const session = await signedIn();
    await session.getAccessToken();
    await server.close();
    await expect(session.signOut()).resolves.toEqual({ revoked: false });
    expect(await vault.get(PROFILE)).toBeNull();
    await expect(session.hasStoredToken()).resolves.toBe(false);
  });
});
