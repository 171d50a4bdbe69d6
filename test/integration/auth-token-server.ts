import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { computeS256Challenge } from '../../electron/core/auth/pkce';

/** A fault the token endpoint can be told to show. */
export type TokenFault = 'http-500' | 'html' | 'hang' | 'no-access-token' | 'invalid-grant';

/** One request as the server saw it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly contentType: string | undefined;
  readonly form: Readonly<Record<string, string>>;
}

/** A real OAuth token + revocation endpoint on 127.0.0.1:0 that issues and rotates tokens and can fail on demand. */
export interface TokenServer {
  readonly origin: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string;
  readonly requests: RecordedRequest[];
  /** Requests to /token only. */
  tokenRequests(): RecordedRequest[];
  /** Fault for the next /token requests (null: behave). */
  fault: TokenFault | null;
  /** Makes /revoke hang. */
  revokeHangs: boolean;
  /** Lifetime the server gives access tokens. */
  expiresIn: number;
  /** Held /token answers wait for this (to make concurrent callers overlap without timing). */
  gate: Promise<void> | null;
  /** Runs inside the /token handler before answering. */
  onTokenRequest: ((form: Readonly<Record<string, string>>) => void | Promise<void>) | null;
  /** Registers an authorization code bound to a PKCE challenge and redirect URI. */
  registerCode(code: string, challenge: string, redirectUri: string): void;
  /** Makes `refreshToken` valid (as if issued earlier). */
  addRefreshToken(refreshToken: string): void;
  isRefreshTokenValid(refreshToken: string): boolean;
  readonly revoked: string[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts the token server on 127.0.0.1, port 0. */
export async function startTokenServer(): Promise<TokenServer> {
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const refreshTokens = new Set<string>();
  let issued = 0;
  const server: Server = createServer();

  const state: TokenServer = {
    origin: '',
    tokenUrl: '',
    revokeUrl: '',
    requests: [],
    tokenRequests: () => state.requests.filter((r) => r.path === '/token'),
    fault: null,
    revokeHangs: false,
    expiresIn: 3600,
    gate: null,
    onTokenRequest: null,
    registerCode: (code, challenge, redirectUri) => codes.set(code, { challenge, redirectUri }),
    addRefreshToken: (token) => refreshTokens.add(token),
    isRefreshTokenValid: (token) => refreshTokens.has(token),
    revoked: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const json = (status: number, body: unknown): { status: number; type: string; body: string } => ({
    status,
    type: 'application/json',
    body: JSON.stringify(body),
  });

  const issue = (): { status: number; type: string; body: string } => {
    issued += 1;
    const refreshToken = `rt-${issued}`;
    refreshTokens.add(refreshToken);
    return json(200, {
      access_token: `at-${issued}`,
      refresh_token: refreshToken,
      expires_in: state.expiresIn,
      token_type: 'Bearer',
    });
  };

  const answerToken = (
    form: Record<string, string>,
  ): { status: number; type: string; body: string } => {
    switch (state.fault) {
      case 'http-500':
        return { status: 500, type: 'text/plain', body: 'internal error' };
      case 'html':
        return {
          status: 200,
          type: 'text/html',
          body: '<html><body>Sign in to the captive portal</body></html>',
        };
      case 'no-access-token':
        return json(200, { token_type: 'Bearer', expires_in: 3600 });
      case 'invalid-grant':
        return json(400, { error: 'invalid_grant', error_description: 'refresh token expired' });
      case 'hang':
      case null:
        break;
    }
    if (form['grant_type'] === 'authorization_code') {
      const entry = codes.get(form['code'] ?? '');
      codes.delete(form['code'] ?? '');
      if (
        entry === undefined ||
        entry.redirectUri !== form['redirect_uri'] ||
        computeS256Challenge(form['code_verifier'] ?? '') !== entry.challenge
      ) {
        return json(400, { error: 'invalid_grant', error_description: 'bad code' });
      }
      return issue();
    }
    if (form['grant_type'] === 'refresh_token') {
      const token = form['refresh_token'] ?? '';
      if (!refreshTokens.delete(token)) {
        return json(400, {
          error: 'invalid_grant',
          error_description: `unknown refresh token ${token}`,
        });
      }
      return issue();
    }
    return json(400, { error: 'unsupported_grant_type' });
  };

  server.on('request', (req, res) => {
    void (async () => {
      const text = await readBody(req);
      const form = Object.fromEntries(new URLSearchParams(text));
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      state.requests.push({
        method: req.method ?? '',
        path,
        contentType: req.headers['content-type'],
        form,
      });
      if (path === '/token' && req.method === 'POST') {
        if (state.fault === 'hang') return; // never answers; close() destroys the socket
        await state.onTokenRequest?.(form);
        if (state.gate !== null) await state.gate;
        const answer = answerToken(form);
        res.writeHead(answer.status, { 'content-type': answer.type });
        res.end(answer.body);
        return;
      }
      if (path === '/revoke' && req.method === 'POST') {
        if (state.revokeHangs) return;
        refreshTokens.delete(form['token'] ?? '');
        state.revoked.push(form['token'] ?? '');
        res.writeHead(200);
        res.end();
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return Object.assign(state, {
    origin,
    tokenUrl: `${origin}/token`,
    revokeUrl: `${origin}/revoke`,
  });
}
