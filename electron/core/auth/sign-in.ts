import { createHash, timingSafeEqual } from 'node:crypto';
import { MCP_SCOPE } from '../../../shared/sites';
import { UserError } from '../errors';
import { htmlPage, type HtmlPage } from './html-page';
import { isLoopbackHostname } from './loopback';
import { createPkce, createState } from './pkce';
import type { TokenClient } from './token-client';
import type { OAuthEndpoints, TokenSet } from './types';

/** What `/callback` answers: a small static page. */
export type CallbackPage = HtmlPage;

/** One loopback authorization-code + PKCE sign-in (RFC 8252), waiting for its callback or a pasted code. */
export interface SignIn {
  /** The URL to open in the system browser. */
  readonly authorizationUrl: string;
  /** Handles a request to the redirect URI; never echoes any query value into the page. */
  handleCallback(url: URL, method: string): Promise<CallbackPage>;
  /** Redeems a code the user pasted (no browser callback); same single use as the callback. */
  submitCode(code: string): Promise<void>;
  /** Settles once: the tokens, or a UserError/TokenEndpointError saying what went wrong. */
  readonly result: Promise<TokenSet>;
  /** Abandons the flow: `result` rejects and the verifier and state are dropped. */
  cancel(reason?: string): void;
}

/** Options of createSignIn. */
export interface SignInOptions {
  readonly endpoints: OAuthEndpoints;
  readonly clientId: string;
  readonly redirectUri: string;
  /** Default `/acs/mcp-server`. */
  readonly scope?: string;
  readonly tokenClient: TokenClient;
  /** How long to wait for the callback. Default 5 minutes. */
  readonly timeoutMs?: number;
  /** More authorize parameters; they never replace the ones this flow sets. */
  readonly extraParams?: Readonly<Record<string, string>>;
}

/** True when a URL may be opened in the user's browser: https, or http to a loopback host only. */
export function isOpenableAuthorizationUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username !== '' || parsed.password !== '') return false;
  if (parsed.protocol === 'https:') return true;
  return parsed.protocol === 'http:' && isLoopbackHostname(parsed.hostname);
}

function describeDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  const secs = Math.max(1, Math.round(ms / 1000));
  return `${secs} second${secs === 1 ? '' : 's'}`;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time string equality (compares SHA-256 digests, so lengths do not leak either). */
function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

const RESERVED = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'code_challenge',
  'code_challenge_method',
  'state',
];

type Phase =
  | { readonly kind: 'waiting'; readonly state: string; readonly verifier: string }
  | { readonly kind: 'used'; readonly state: string }
  | { readonly kind: 'dropped' };

/** Starts a sign-in: makes the PKCE pair and state, and the authorization URL; arms the timeout. */
export function createSignIn(options: SignInOptions): SignIn {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const pkce = createPkce();
  let phase: Phase = { kind: 'waiting', state: createState(), verifier: pkce.verifier };

  const url = new URL(options.endpoints.authorizeUrl);
  for (const [key, value] of Object.entries(options.extraParams ?? {})) {
    if (!RESERVED.includes(key)) url.searchParams.set(key, value);
  }
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('scope', options.scope ?? MCP_SCOPE);
  url.searchParams.set('code_challenge', pkce.challenge);
  url.searchParams.set('code_challenge_method', pkce.method);
  url.searchParams.set('state', phase.state);
  if (!url.searchParams.has('access_type')) url.searchParams.set('access_type', 'offline');

  let settle!: { resolve: (tokens: TokenSet) => void; reject: (error: Error) => void };
  let settled = false;
  const result = new Promise<TokenSet>((resolve, reject) => {
    settle = { resolve, reject };
  });
  result.catch(() => undefined); // callers may never await `result`; the rejection is still theirs to read

  const finish = (outcome: { tokens: TokenSet } | { error: Error }): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    if (phase.kind === 'waiting') phase = { kind: 'dropped' };
    if ('tokens' in outcome) settle.resolve(outcome.tokens);
    else settle.reject(outcome.error);
  };

  const drop = (error: UserError): void => {
    if (settled) return;
    phase = { kind: 'dropped' };
    finish({ error });
  };

  const timer = setTimeout(() => {
    drop(
      new UserError(
        'sign-in-timeout',
        `Sign-in timed out after ${describeDuration(timeoutMs)}: run \`mcp-gate login\` again.`,
      ),
    );
  }, timeoutMs);

  /** Uses the code once: the verifier is forgotten before the request leaves. */
  async function redeem(code: string, verifier: string, state: string): Promise<TokenSet> {
    phase = { kind: 'used', state };
    try {
      const tokens = await options.tokenClient.exchangeCode({
        code,
        redirectUri: options.redirectUri,
        verifier,
      });
      if (settled) {
        // Cancelled or timed out meanwhile: nobody will use these tokens, so give them back.
        if (tokens.refreshToken !== null) {
          options.tokenClient.revoke(tokens.refreshToken).catch(() => undefined);
        }
        throw new UserError('sign-in-cancelled', 'Sign-in was cancelled.');
      }
      finish({ tokens });
      return tokens;
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      finish({ error: failure });
      throw failure;
    }
  }

  const noFlow = (): CallbackPage =>
    htmlPage(
      410,
      'No sign-in in progress',
      'This sign-in has ended. Start a new one from MCP Gate (or run `mcp-gate login`).',
    );
  const alreadyUsed = (): CallbackPage =>
    htmlPage(
      409,
      'Sign-in link already used',
      'This sign-in response was already used. You can close this tab.',
    );
  const badState = (): CallbackPage =>
    htmlPage(
      400,
      'Not a valid sign-in response',
      'This page was not opened by the sign-in that MCP Gate started, so it was ignored. Start the sign-in from MCP Gate.',
    );

  return {
    authorizationUrl: url.toString(),
    result,

    async handleCallback(callbackUrl, method) {
      if (method !== 'GET') {
        return htmlPage(
          405,
          'Method not allowed',
          'The sign-in callback accepts only GET requests.',
          {
            allow: 'GET',
          },
        );
      }
      const current = phase;
      if (current.kind === 'dropped') return noFlow();
      const params = callbackUrl.searchParams;
      const state = params.get('state');
      if (state === null || state === '' || !safeEqual(state, current.state)) return badState();
      if (current.kind === 'used') return alreadyUsed();

      if (params.has('error')) {
        phase = { kind: 'used', state: current.state };
        const errorCode = params.get('error') ?? '';
        const declined = errorCode === 'access_denied';
        const safeCode = /^[\x21-\x7e]{1,64}$/.test(errorCode) ? ` (${errorCode})` : '';
        finish({
          error: new UserError(
            'sign-in-declined',
            declined
              ? 'Sign-in was declined in the browser: run `mcp-gate login` again and approve access to continue.'
              : `Sign-in was declined by the authorization server${safeCode}: run \`mcp-gate login\` again.`,
          ),
        });
        return htmlPage(
          200,
          'Sign-in declined',
          'MCP Gate was not given access, so you are not signed in. You can close this tab.',
        );
      }
      const code = params.get('code');
      if (code === null || code === '') {
        return htmlPage(
          400,
          'Sign-in response without a code',
          'The response has no authorization code. Try signing in again from MCP Gate.',
        );
      }
      try {
        await redeem(code, current.verifier, current.state);
        return htmlPage(
          200,
          'Signed in — you can close this tab',
          'MCP Gate is now signed in to Alibaba Cloud.',
        );
      } catch (error) {
        const message =
          error instanceof UserError ? error.message : 'The sign-in could not be completed.';
        return htmlPage(502, 'Sign-in failed', message);
      }
    },

    async submitCode(code) {
      const current = phase;
      if (current.kind === 'dropped') {
        throw new UserError(
          'sign-in-not-in-progress',
          'No sign-in in progress: run `mcp-gate login` again.',
        );
      }
      if (current.kind === 'used') {
        throw new UserError(
          'sign-in-code-used',
          'This sign-in already received a code: wait for it to finish.',
        );
      }
      const trimmed = code.trim();
      if (trimmed === '')
        throw new UserError(
          'sign-in-empty-code',
          'The pasted code is empty: paste the code shown in the browser.',
        );
      await redeem(trimmed, current.verifier, current.state);
    },

    cancel(reason) {
      drop(new UserError('sign-in-cancelled', reason ?? 'Sign-in was cancelled.'));
    },
  };
}
