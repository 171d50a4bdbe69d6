import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSignIn } from '../../electron/core/auth/sign-in';
import { createTokenClient } from '../../electron/core/auth/token-client';
import { startTokenServer, type TokenServer } from './auth-token-server';

const REDIRECT = 'http://127.0.0.1:8088/callback';
let server: TokenServer;
beforeEach(async () => {
  server = await startTokenServer();
});
afterEach(() => server.close());

describe('sign-in against a real token endpoint', () => {
  it('redeems the browser callback’s code with the PKCE verifier and yields the tokens', async () => {
    const endpoints = {
      authorizeUrl: `${server.origin}/auth`,
      tokenUrl: server.tokenUrl,
      revokeUrl: server.revokeUrl,
    };
    const flow = createSignIn({
      endpoints,
      clientId: 'client-123',
      redirectUri: REDIRECT,
      tokenClient: createTokenClient({ endpoints, clientId: 'client-123' }),
    });
    const authorize = new URL(flow.authorizationUrl).searchParams;
    // What the authorization server does on consent: bind a code to the challenge and redirect.
    server.registerCode('consented-code', authorize.get('code_challenge') ?? '', REDIRECT);
    const callback = new URL(REDIRECT);
    callback.searchParams.set('code', 'consented-code');
    callback.searchParams.set('state', authorize.get('state') ?? '');
    const page = await flow.handleCallback(callback, 'GET');
    expect(page.status).toBe(200);
    await expect(flow.result).resolves.toMatchObject({ accessToken: 'at-1', refreshToken: 'rt-1' });
    // replaying the same callback does not redeem the code a second time
    expect((await flow.handleCallback(callback, 'GET')).status).toBe(409);
    expect(server.tokenRequests()).toHaveLength(1);
  });

  it('a code the server refuses (invalid_grant) fails the flow; the page says to sign in again', async () => {
    const endpoints = {
      authorizeUrl: `${server.origin}/auth`,
      tokenUrl: server.tokenUrl,
      revokeUrl: null,
    };
    const flow = createSignIn({
      endpoints,
      clientId: 'c',
      redirectUri: REDIRECT,
      tokenClient: createTokenClient({ endpoints, clientId: 'c' }),
    });
    const state = new URL(flow.authorizationUrl).searchParams.get('state') ?? '';
    const page = await flow.handleCallback(
      new URL(`${REDIRECT}?code=forged&state=${state}`),
      'GET',
    );
    expect(page.status).toBe(502);
    expect(page.body).toContain('sign in again');
    expect(page.body).not.toContain('forged');
    await expect(flow.result).rejects.toMatchObject({ code: 'invalid-grant' });
  });
});
