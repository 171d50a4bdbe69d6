import { afterEach, describe, expect, it, vi } from 'vitest';
import { computeS256Challenge } from '../../electron/core/auth/pkce';
import {
  createSignIn,
  isOpenableAuthorizationUrl,
  type SignIn,
} from '../../electron/core/auth/sign-in';
import type { TokenClient } from '../../electron/core/auth/token-client';
import type { TokenSet } from '../../electron/core/auth/types';
import { TokenEndpointError, UserError } from '../../electron/core/errors';

const REDIRECT = 'http://127.0.0.1:8088/callback';
const TOKENS: TokenSet = {
  accessToken: 'at',
  refreshToken: 'rt',
  expiresIn: 3600,
  tokenType: 'Bearer',
};

/** A token client stand-in that records each exchange and answers as told. */
function stubClient(answer: () => Promise<TokenSet> = () => Promise.resolve(TOKENS)) {
  const exchanges: { code: string; redirectUri: string; verifier: string }[] = [];
  const revoked: string[] = [];
  const client: TokenClient = {
    exchangeCode: (input) => {
      exchanges.push(input);
      return answer();
    },
    refresh: () => Promise.reject(new Error('not used')),
    revoke: (token) => {
      revoked.push(token);
      return Promise.resolve(true);
    },
  };
  return { client, exchanges, revoked };
}

const flows: SignIn[] = [];
function start(options: { timeoutMs?: number; answer?: () => Promise<TokenSet> } = {}) {
  const stub = stubClient(options.answer);
  const flow = createSignIn({
    endpoints: {
      authorizeUrl: 'https://signin.aliyun.com/oauth2/v1/auth',
      tokenUrl: 'https://x/t',
      revokeUrl: null,
    },
    clientId: '4071234567890',
    redirectUri: REDIRECT,
    scope: '/acs/mcp-server',
    tokenClient: stub.client,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  flows.push(flow);
  const state = new URL(flow.authorizationUrl).searchParams.get('state') ?? '';
  const callback = (query: Record<string, string>, method = 'GET') =>
    flow.handleCallback(new URL(`${REDIRECT}?${new URLSearchParams(query).toString()}`), method);
  return { flow, state, callback, ...stub };
}

afterEach(() => {
  for (const flow of flows.splice(0)) flow.cancel('test over');
});

async function rejection(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('authorization URL', () => {
  it('carries code flow, client, redirect, scope, S256 challenge, state and offline access', () => {
    const { flow } = start();
    const url = new URL(flow.authorizationUrl);
    expect(url.origin + url.pathname).toBe('https://signin.aliyun.com/oauth2/v1/auth');
    const params = Object.fromEntries(url.searchParams);
    expect(params).toEqual({
      response_type: 'code',
      client_id: '4071234567890',
      redirect_uri: REDIRECT,
      scope: '/acs/mcp-server',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: 'S256',
      state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      access_type: 'offline',
    });
  });

  it('sends the verifier that matches the challenge when the code is redeemed', async () => {
    const { flow, state, callback, exchanges } = start();
    await callback({ code: 'the-code', state });
    const challenge = new URL(flow.authorizationUrl).searchParams.get('code_challenge');
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]?.code).toBe('the-code');
    expect(exchanges[0]?.redirectUri).toBe(REDIRECT);
    expect(computeS256Challenge(exchanges[0]?.verifier ?? '')).toBe(challenge);
  });

  it('extra parameters never replace the flow’s own', () => {
    const flow = createSignIn({
      endpoints: {
        authorizeUrl: 'https://a.example/auth',
        tokenUrl: 'https://a.example/t',
        revokeUrl: null,
      },
      clientId: 'c',
      redirectUri: REDIRECT,
      tokenClient: stubClient().client,
      extraParams: { state: 'attacker', prompt: 'consent' },
    });
    flows.push(flow);
    const params = new URL(flow.authorizationUrl).searchParams;
    expect(params.get('state')).not.toBe('attacker');
    expect(params.get('prompt')).toBe('consent');
    expect(params.get('scope')).toBe('/acs/mcp-server');
  });
});

describe('callback handler', () => {
  it('a good callback redeems the code once and says signed in', async () => {
    const { flow, state, callback, exchanges } = start();
    const page = await callback({ code: 'c1', state });
    expect(page.status).toBe(200);
    expect(page.contentType).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('Signed in — you can close this tab');
    expect(page.headers['cache-control']).toBe('no-store');
    await expect(flow.result).resolves.toEqual(TOKENS);
    expect(exchanges).toHaveLength(1);
  });

  it.each([
    ['missing state', (_state: string) => ({ code: 'c1' })],
    ['empty state', (_state: string) => ({ code: 'c1', state: '' })],
    ['wrong state', (state: string) => ({ code: 'c1', state: `${state}x` })],
    [
      'wrong state with an error',
      (_state: string) => ({ error: 'access_denied', state: 'forged' }),
    ],
  ])('%s → 400 page, nothing redeemed, the flow keeps waiting', async (_name, query) => {
    const { flow, state, callback, exchanges } = start();
    const page = await callback(query(state));
    expect(page.status).toBe(400);
    expect(exchanges).toHaveLength(0);
    const good = await callback({ code: 'c2', state });
    expect(good.status).toBe(200);
    await expect(flow.result).resolves.toEqual(TOKENS);
  });

  it('a replayed callback gets "already used" and does not disturb the flow', async () => {
    const { flow, state, callback, exchanges } = start();
    await callback({ code: 'c1', state });
    const replay = await callback({ code: 'c1', state });
    expect(replay.status).toBe(409);
    expect(replay.body).toContain('already used');
    expect(exchanges).toHaveLength(1);
    await expect(flow.result).resolves.toEqual(TOKENS);
  });

  it('a second callback while the first is still being redeemed is refused', async () => {
    let release!: (tokens: TokenSet) => void;
    const { flow, state, callback, exchanges } = start({
      answer: () => new Promise<TokenSet>((resolve) => (release = resolve)),
    });
    const first = callback({ code: 'c1', state });
    const second = await callback({ code: 'c2', state });
    expect(second.status).toBe(409);
    release(TOKENS);
    expect((await first).status).toBe(200);
    expect(exchanges.map((e) => e.code)).toEqual(['c1']);
    await expect(flow.result).resolves.toEqual(TOKENS);
  });

  it('error=access_denied fails the flow with a "declined" UserError', async () => {
    const { flow, state, callback, exchanges } = start();
    const page = await callback({
      error: 'access_denied',
      error_description: 'user said no',
      state,
    });
    expect(page.body).toContain('Sign-in declined');
    const error = await rejection(flow.result);
    expect(error.code).toBe('sign-in-declined');
    expect(error.message).toContain('declined');
    expect(exchanges).toHaveLength(0);
    expect((await callback({ code: 'c1', state })).status).toBe(409);
  });

  it('any other error also fails the flow, naming only a well-formed error code', async () => {
    const { flow, state, callback } = start();
    await callback({ error: 'server_error\u0007<b>', state });
    const error = await rejection(flow.result);
    expect(error.code).toBe('sign-in-declined');
    expect(error.message).not.toContain('<b>');
  });

  it('a callback without a code → 400 page, the flow keeps waiting', async () => {
    const { flow, state, callback } = start();
    const page = await callback({ state });
    expect(page.status).toBe(400);
    expect(page.body).toContain('no authorization code');
    expect((await callback({ code: 'c1', state })).status).toBe(200);
    await expect(flow.result).resolves.toEqual(TOKENS);
  });

  it.each(['POST', 'PUT', 'HEAD', 'DELETE'])(
    '%s → 405 with Allow: GET, state not consumed',
    async (method) => {
      const { state, callback, exchanges } = start();
      const page = await callback({ code: 'c1', state }, method);
      expect(page.status).toBe(405);
      expect(page.headers['allow']).toBe('GET');
      expect(exchanges).toHaveLength(0);
      expect((await callback({ code: 'c1', state })).status).toBe(200);
    },
  );

  it('never reflects a query value, even a huge or hostile one', async () => {
    const { state, callback } = start();
    const marker = 'ZZQ<script>alert(1)</script>';
    const huge = marker + 'A'.repeat(200_000);
    const pages = [
      await callback({ code: huge, state: huge }),
      await callback({ state, error: marker, error_description: huge }),
      await callback({ state, code: huge }),
    ];
    for (const page of pages) {
      expect(page.body).not.toContain('ZZQ');
      expect(page.body).not.toContain('<script>');
      expect(page.body.length).toBeLessThan(2_000);
    }
  });

  it('a failed exchange fails the flow and the page says why in words', async () => {
    const { flow, state, callback } = start({
      answer: () =>
        Promise.reject(
          new TokenEndpointError(
            'The token endpoint https://x/t failed with HTTP 500; try again later.',
          ),
        ),
    });
    const page = await callback({ code: 'c1', state });
    expect(page.status).toBe(502);
    expect(page.body).toContain('failed with HTTP 500');
    expect((await rejection(flow.result)).code).toBe('token-endpoint');
  });

  it('after the timeout: result rejects, later callbacks get "no sign-in in progress"', async () => {
    const { flow, state, callback, exchanges } = start({ timeoutMs: 5 });
    const error = await rejection(flow.result);
    expect(error.code).toBe('sign-in-timeout');
    expect(error.message).toBe('Sign-in timed out after 1 second: run `mcp-gate login` again.');
    const page = await callback({ code: 'c1', state });
    expect(page.status).toBe(410);
    expect(page.body).toContain('No sign-in in progress');
    expect(exchanges).toHaveLength(0);
    await expect(flow.submitCode('c1')).rejects.toThrow('No sign-in in progress');
  });

  it('times out after 5 minutes by default, with the message that names the fix', async () => {
    vi.useFakeTimers();
    try {
      const { flow } = start();
      await vi.advanceTimersByTimeAsync(299_999);
      let settled = false;
      flow.result.then(
        () => (settled = true),
        () => (settled = true),
      );
      await vi.advanceTimersByTimeAsync(0);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect((await rejection(flow.result)).message).toBe(
        'Sign-in timed out after 5 minutes: run `mcp-gate login` again.',
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it('cancel drops the flow: result rejects, callbacks get "no sign-in in progress"', async () => {
    const { flow, state, callback } = start();
    flow.cancel();
    expect((await rejection(flow.result)).code).toBe('sign-in-cancelled');
    expect((await callback({ code: 'c1', state })).status).toBe(410);
  });

  it('tokens that arrive after cancel are revoked, not used', async () => {
    let release!: (tokens: TokenSet) => void;
    const { flow, state, callback, revoked } = start({
      answer: () => new Promise<TokenSet>((resolve) => (release = resolve)),
    });
    const page = callback({ code: 'c1', state });
    flow.cancel();
    release(TOKENS);
    expect((await page).status).toBe(502);
    expect(revoked).toEqual(['rt']);
    expect((await rejection(flow.result)).code).toBe('sign-in-cancelled');
  });
});

describe('submitCode', () => {
  it('redeems a pasted code once; the callback is then "already used"', async () => {
    const { flow, state, callback, exchanges } = start();
    await flow.submitCode('  pasted-code \n');
    await expect(flow.result).resolves.toEqual(TOKENS);
    expect(exchanges.map((e) => e.code)).toEqual(['pasted-code']);
    expect((await callback({ code: 'c1', state })).status).toBe(409);
    await expect(flow.submitCode('again')).rejects.toThrow(UserError);
    expect(exchanges).toHaveLength(1);
  });

  it('refuses an empty code and keeps waiting', async () => {
    const { flow, state, callback } = start();
    await expect(flow.submitCode('   ')).rejects.toThrow('empty');
    expect((await callback({ code: 'c1', state })).status).toBe(200);
  });
});

describe('isOpenableAuthorizationUrl', () => {
  it.each([
    ['https://signin.aliyun.com/oauth2/v1/auth?x=1', true],
    ['http://127.0.0.1:9000/oauth2/v1/auth', true],
    ['http://[::1]:9000/auth', true],
    ['http://localhost:9000/auth', true],
    ['http://signin.aliyun.com/oauth2/v1/auth', false],
    ['http://localhost.evil.com/auth', false],
    ['http://192.168.1.10/auth', false],
    ['https://user:pw@signin.aliyun.com/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['data:text/html,hi', false],
    ['not a url', false],
  ])('%s → %s', (url, openable) => {
    expect(isOpenableAuthorizationUrl(url)).toBe(openable);
  });
});
