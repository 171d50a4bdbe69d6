import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeS256Challenge, createPkce } from '../../electron/core/auth/pkce';
import {
  createTokenClient,
  sanitizeServerText,
  type TokenClient,
} from '../../electron/core/auth/token-client';
import { InvalidGrantError, TokenEndpointError } from '../../electron/core/errors';
import { startTokenServer, type TokenFault, type TokenServer } from './auth-token-server';

const REDIRECT = 'http://127.0.0.1:8088/callback';
let server: TokenServer;
let client: TokenClient;

beforeEach(async () => {
  server = await startTokenServer();
  client = createTokenClient({
    endpoints: {
      authorizeUrl: `${server.origin}/auth`,
      tokenUrl: server.tokenUrl,
      revokeUrl: server.revokeUrl,
    },
    clientId: 'client-123',
    timeoutMs: 300,
  });
});
afterEach(() => server.close());

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected a failure');
}

describe('token client against a real token endpoint', () => {
  it('code exchange posts exactly grant_type, code, client_id, redirect_uri, code_verifier as a form', async () => {
    const pkce = createPkce();
    server.registerCode('code-1', pkce.challenge, REDIRECT);
    const tokens = await client.exchangeCode({
      code: 'code-1',
      redirectUri: REDIRECT,
      verifier: pkce.verifier,
    });
    expect(tokens).toEqual({
      accessToken: 'at-1',
      refreshToken: 'rt-1',
      expiresIn: 3600,
      tokenType: 'Bearer',
    });
    const [request] = server.requests;
    expect(server.requests).toHaveLength(1);
    expect(request?.method).toBe('POST');
    expect(request?.contentType).toBe('application/x-www-form-urlencoded');
    expect(request?.form).toEqual({
      grant_type: 'authorization_code',
      code: 'code-1',
      client_id: 'client-123',
      redirect_uri: REDIRECT,
      code_verifier: pkce.verifier,
    });
    expect(computeS256Challenge(request?.form['code_verifier'] ?? '')).toBe(pkce.challenge);
  });

  it('refresh posts exactly grant_type, client_id, refresh_token and returns the rotated token', async () => {
    server.addRefreshToken('rt-old');
    const tokens = await client.refresh('rt-old');
    expect(tokens.refreshToken).toBe('rt-1');
    expect(server.requests[0]?.form).toEqual({
      grant_type: 'refresh_token',
      client_id: 'client-123',
      refresh_token: 'rt-old',
    });
    expect(server.isRefreshTokenValid('rt-old')).toBe(false);
  });

  it('revoke posts token, token_type_hint=refresh_token and client_id (RFC 7009)', async () => {
    server.addRefreshToken('rt-x');
    await expect(client.revoke('rt-x')).resolves.toBe(true);
    expect(server.requests[0]?.path).toBe('/revoke');
    expect(server.requests[0]?.form).toEqual({
      token: 'rt-x',
      token_type_hint: 'refresh_token',
      client_id: 'client-123',
    });
    expect(server.isRefreshTokenValid('rt-x')).toBe(false);
  });

  it('revoke without a revocation endpoint does nothing and says so', async () => {
    const noRevoke = createTokenClient({
      endpoints: { authorizeUrl: 'https://a/auth', tokenUrl: server.tokenUrl, revokeUrl: null },
      clientId: 'c',
    });
    await expect(noRevoke.revoke('rt')).resolves.toBe(false);
    expect(server.requests).toHaveLength(0);
  });

  it.each<[TokenFault, RegExp]>([
    ['http-500', /failed with HTTP 500/],
    ['html', /answered HTTP 200 with text\/html that is not JSON/],
    ['hang', /did not answer within 0\.3 s/],
    ['no-access-token', /answered without an access_token/],
  ])(
    '%s → TokenEndpointError naming the cause and the endpoint, no secret',
    async (fault, message) => {
      server.addRefreshToken('rt-secret-value');
      server.fault = fault;
      const error = await failure(client.refresh('rt-secret-value'));
      expect(error).toBeInstanceOf(TokenEndpointError);
      expect(error.message).toMatch(message);
      expect(error.message).toContain(server.tokenUrl);
      expect(error.message).not.toContain('rt-secret-value');
    },
  );

  it('a closed port → TokenEndpointError naming the network cause', async () => {
    const url = server.tokenUrl;
    await server.close();
    const error = await failure(client.refresh('rt'));
    expect(error).toBeInstanceOf(TokenEndpointError);
    expect(error.message).toContain(`Could not reach the token endpoint ${url} (ECONNREFUSED)`);
  });

  it('invalid_grant → InvalidGrantError that tells the user to sign in again', async () => {
    const error = await failure(client.refresh('rt-unknown'));
    expect(error).toBeInstanceOf(InvalidGrantError);
    expect(error.message).toContain('sign in again: `mcp-gate login`');
    expect(error.message).not.toContain('rt-unknown');
  });
});

describe('token client error wording', () => {
  let odd: Server;
  let answer: { status: number; type: string; body: string };
  let url: string;
  beforeEach(async () => {
    odd = createServer((_req, res) => {
      res.writeHead(answer.status, { 'content-type': answer.type });
      res.end(answer.body);
    });
    await new Promise<void>((resolve) => odd.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(odd.address() as AddressInfo).port}/token`;
  });
  afterEach(
    () =>
      new Promise<void>((resolve) => {
        odd.closeAllConnections();
        odd.close(() => resolve());
      }),
  );
  const oddClient = () =>
    createTokenClient({
      endpoints: { authorizeUrl: url, tokenUrl: url, revokeUrl: null },
      clientId: 'c',
    });

  it('quotes error_description without control characters, without the sent secret, at most 200 characters', async () => {
    const description = `bad token rt-sent-secret\u001b[31m\r\nInjected: yes ${'x'.repeat(500)}`;
    answer = {
      status: 400,
      type: 'application/json',
      body: JSON.stringify({ error: 'invalid_client', error_description: description }),
    };
    const error = await failure(oddClient().refresh('rt-sent-secret'));
    expect(error).toBeInstanceOf(TokenEndpointError);
    expect(error.message).toContain(
      'refused the request (invalid_client: "bad token [redacted] [31m Injected: yes',
    );
    expect(error.message).not.toContain('rt-sent-secret');
    expect(error.message).not.toMatch(/\p{Cc}/u);
    const quoted = /"(.*)"/.exec(error.message)?.[1] ?? '';
    expect(Array.from(quoted).length).toBeLessThanOrEqual(201);
  });

  it('a redirect is not followed (the form carries secrets)', async () => {
    answer = { status: 307, type: 'text/plain', body: '' };
    const error = await failure(oddClient().refresh('rt'));
    expect(error.message).toContain('answered with a redirect (HTTP 307)');
  });

  it('an oversized answer is refused', async () => {
    answer = {
      status: 200,
      type: 'application/json',
      body: `{"access_token":"${'a'.repeat(400_000)}"}`,
    };
    const error = await failure(oddClient().refresh('rt'));
    expect(error.message).toContain('too large');
  });

  it('expires_in as a string is understood; a missing token_type means Bearer', async () => {
    answer = {
      status: 200,
      type: 'application/json',
      body: JSON.stringify({ access_token: 'a', expires_in: '120' }),
    };
    await expect(oddClient().refresh('rt')).resolves.toEqual({
      accessToken: 'a',
      refreshToken: null,
      expiresIn: 120,
      tokenType: 'Bearer',
    });
  });
});

describe('sanitizeServerText', () => {
  it.each([
    ['plain', 'plain'],
    ['a\u0000b\u202ec', 'a b c'],
    ['  many   spaces\n\n', 'many spaces'],
  ])('%j → %j', (input, output) => {
    expect(sanitizeServerText(input)).toBe(output);
  });
});
