import { InvalidGrantError, TokenEndpointError } from '../errors';
import {
  BodyTooLargeError,
  defaultFetch,
  describeNetworkError,
  isTimeout,
  readBodyText,
  type FetchFn,
  type FetchResponse,
} from './http-fetch';
import type { OAuthEndpoints, TokenSet } from './types';

/** Talks to the token and revocation endpoints for one public client (no secret). */
export interface TokenClient {
  /** Redeems an authorization code with its PKCE verifier (RFC 6749 §4.1.3, RFC 7636 §4.5). */
  exchangeCode(input: {
    readonly code: string;
    readonly redirectUri: string;
    readonly verifier: string;
  }): Promise<TokenSet>;
  /** Trades a refresh token for new tokens (RFC 6749 §6); the answer may carry a rotated refresh token. */
  refresh(refreshToken: string): Promise<TokenSet>;
  /** Revokes a refresh token (RFC 7009); false when no revocation endpoint is known. */
  revoke(refreshToken: string, options?: { readonly timeoutMs?: number }): Promise<boolean>;
}

/** Options of createTokenClient. */
export interface TokenClientOptions {
  readonly endpoints: OAuthEndpoints;
  readonly clientId: string;
  readonly fetch?: FetchFn;
  /** Per-request limit, including reading the answer. Default 15 s. */
  readonly timeoutMs?: number;
}

const DESCRIPTION_LIMIT = 200;

/** Server-provided text made safe to quote: no control/format characters, no secrets we sent, at most 200 characters. */
export function sanitizeServerText(text: string, secrets: readonly string[] = []): string {
  let clean = text;
  for (const secret of secrets) {
    if (secret.length >= 4) clean = clean.split(secret).join('[redacted]');
  }
  clean = clean
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(clean);
  return chars.length > DESCRIPTION_LIMIT
    ? `${chars.slice(0, DESCRIPTION_LIMIT).join('')}…`
    : clean;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

interface Answer {
  readonly response: FetchResponse;
  readonly text: string;
}

/** Creates the token client; failures become InvalidGrantError or TokenEndpointError with messages free of secrets. */
export function createTokenClient(options: TokenClientOptions): TokenClient {
  const fetch = options.fetch ?? defaultFetch;
  const defaultTimeoutMs = options.timeoutMs ?? 15_000;
  const { clientId, endpoints } = options;

  async function post(
    what: string,
    url: string,
    form: URLSearchParams,
    timeoutMs = defaultTimeoutMs,
  ): Promise<Answer> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
      return { response, text: await readBodyText(response) };
    } catch (error) {
      if (isTimeout(error)) {
        throw new TokenEndpointError(
          `The ${what} ${url} did not answer within ${seconds(timeoutMs)}.`,
        );
      }
      if (error instanceof BodyTooLargeError) {
        throw new TokenEndpointError(
          `The ${what} ${url} sent an answer too large to be an OAuth response.`,
        );
      }
      throw new TokenEndpointError(
        `Could not reach the ${what} ${url} (${describeNetworkError(error)}): check the network connection.`,
        { cause: error },
      );
    }
  }

  function parseJsonObject(text: string): Record<string, unknown> | null {
    try {
      const json: unknown = JSON.parse(text);
      return typeof json === 'object' && json !== null && !Array.isArray(json)
        ? (json as Record<string, unknown>)
        : null;
    } catch {
      return null;
    }
  }

  /** Throws the typed error for a failed answer; returns the JSON object of a usable one. */
  function check(
    what: string,
    url: string,
    answer: Answer,
    secrets: readonly string[],
  ): Record<string, unknown> | null {
    const { status } = answer.response;
    if (status >= 300 && status < 400) {
      throw new TokenEndpointError(
        `The ${what} ${url} answered with a redirect (HTTP ${status}); check the endpoint URL.`,
      );
    }
    if (status >= 500) {
      throw new TokenEndpointError(
        `The ${what} ${url} failed with HTTP ${status}; try again later.`,
      );
    }
    const json = parseJsonObject(answer.text);
    const error = json?.['error'];
    if (typeof error === 'string') {
      const code = sanitizeServerText(error, secrets).slice(0, 64);
      const rawDescription = json?.['error_description'];
      const description =
        typeof rawDescription === 'string' ? sanitizeServerText(rawDescription, secrets) : '';
      const quoted = description === '' ? '' : `: "${description}"`;
      if (code === 'invalid_grant' && status >= 400) throw new InvalidGrantError();
      throw new TokenEndpointError(
        `The ${what} ${url} refused the request (${code}${quoted}, HTTP ${status}).`,
      );
    }
    if (status < 200 || status >= 300) {
      throw new TokenEndpointError(`The ${what} ${url} answered HTTP ${status}.`);
    }
    return json;
  }

  async function requestTokens(
    form: URLSearchParams,
    secrets: readonly string[],
  ): Promise<TokenSet> {
    const what = 'token endpoint';
    const url = endpoints.tokenUrl;
    const answer = await post(what, url, form);
    const json = check(what, url, answer, secrets);
    if (json === null) {
      const type = answer.response.headers.get('content-type');
      const kind =
        type === null
          ? 'a body'
          : sanitizeServerText(type.split(';')[0] ?? '').slice(0, 64) || 'a body';
      throw new TokenEndpointError(
        `The ${what} ${url} answered HTTP ${answer.response.status} with ${kind} that is not JSON; check the endpoint URL.`,
      );
    }
    const accessToken = json['access_token'];
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw new TokenEndpointError(`The ${what} ${url} answered without an access_token.`);
    }
    const refreshToken = json['refresh_token'];
    const tokenType = json['token_type'];
    const rawExpiresIn = json['expires_in'];
    const expiresIn = typeof rawExpiresIn === 'string' ? Number(rawExpiresIn) : rawExpiresIn;
    return {
      accessToken,
      refreshToken: typeof refreshToken === 'string' && refreshToken !== '' ? refreshToken : null,
      expiresIn:
        typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0
          ? expiresIn
          : null,
      tokenType: typeof tokenType === 'string' && tokenType !== '' ? tokenType : 'Bearer',
    };
  }

  return {
    exchangeCode({ code, redirectUri, verifier }) {
      const form = new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        client_id: clientId,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      });
      return requestTokens(form, [code, verifier]);
    },

    refresh(refreshToken) {
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: clientId,
        refresh_token: refreshToken,
      });
      return requestTokens(form, [refreshToken]);
    },

    async revoke(refreshToken, revokeOptions = {}) {
      const url = endpoints.revokeUrl;
      if (url === null) return false;
      const form = new URLSearchParams({
        token: refreshToken,
        token_type_hint: 'refresh_token',
        client_id: clientId,
      });
      const what = 'revocation endpoint';
      const answer = await post(what, url, form, revokeOptions.timeoutMs);
      check(what, url, answer, [refreshToken]);
      return true;
    },
  };
}
