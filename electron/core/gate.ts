import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ActivitySink } from '../../shared/activity';
import type { ServerRules } from '../../shared/server-rules';
import type { SiteName } from '../../shared/sites';
import { createTokenSession, type TokenSession } from './auth/session';
import { htmlPage, type HtmlPage } from './auth/html-page';
import { createSignIn, type SignIn } from './auth/sign-in';
import { createTokenClient, type TokenClient } from './auth/token-client';
import type { AccessTokenSource, Clock, TokenSet, TokenVault } from './auth/types';
import { UserError } from './errors';
import type { Logger } from './logger';
import type { ProxyGuard } from './guard/proxy-guard';
import type { ClientAuthenticator } from './proxy/proxy-options';
import { startProxy, type LocalRoute, type RunningProxy } from './proxy/proxy-server';
import { VERSION } from './version';

/** The endpoints one profile uses: OAuth and the MCP upstream. */
export interface GateEndpoints {
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string | null;
  readonly upstreamUrl: string;
}

/** What the gate is built from; the entry points (CLI, Electron main) fill it in. */
export interface GateOptions {
  readonly profile: string;
  readonly site: SiteName;
  readonly clientId: string | null;
  readonly endpoints: GateEndpoints;
  readonly host: string;
  readonly port: number;
  readonly rules: () => ServerRules;
  readonly allowedOrigins: readonly string[];
  readonly vault: TokenVault;
  readonly logger: Logger;
  readonly activity: ActivitySink;
  /** Picks the token source per account (other profiles); by default every request uses this gate's session. */
  readonly tokensFor?: (account: string | null) => AccessTokenSource | null;
  /** Checks each request's local client key; without it requests are anonymous. */
  readonly authenticateClient?: ClientAuthenticator;
  /** Decides tool calls (rules, presets, asking a person); without it every call passes. */
  readonly guard?: ProxyGuard;
  readonly clock?: Clock;
  readonly fetch?: typeof fetch;
  readonly signInTimeoutMs?: number;
  /** Called after a sign-in succeeded and its refresh token is stored. */
  readonly onSignedIn?: () => void;
}

/** What `/health` answers: never a token. */
export interface GateHealth {
  readonly status: 'ok';
  readonly version: string;
  readonly profile: string;
  readonly signedIn: boolean;
  readonly session: string;
  readonly site: SiteName;
  readonly upstream: string;
  readonly signInInProgress: boolean;
  readonly accessTokenExpiresAt: string | null;
}

/** A sign-in under way: `done` settles once its refresh token is stored (or the flow failed). */
export interface PendingSignIn {
  readonly flow: SignIn;
  readonly done: Promise<void>;
}

/** The core of MCP Gate for one profile: token session, sign-in flow, proxy. */
export interface Gate {
  readonly session: TokenSession;
  /** Starts the proxy (serving `/health`, `/callback` and `/login` itself). */
  startProxy(): Promise<RunningProxy>;
  /** Starts a loopback sign-in; `redirectBase` is `http://host:port` of the listener serving `/callback`. */
  beginSignIn(redirectBase: string): PendingSignIn;
  /** Sets the OAuth client id found or created after start-up (an IMS lookup needs the bound port). */
  useClientId(clientId: string): void;
  /** The routes the gate serves on its listener. */
  readonly routes: ReadonlyMap<string, LocalRoute>;
  health(): GateHealth;
  close(): Promise<void>;
}

/** The host to put in the redirect URI for a bind address (a wildcard bind is reached on loopback). */
export function callbackHost(bindHost: string): string {
  if (bindHost === '0.0.0.0' || bindHost === '') return '127.0.0.1';
  if (bindHost === '::' || bindHost === '[::]') return '[::1]';
  return bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost;
}

/** `http://<host>:<port>` of a local listener, as a browser or client on this machine reaches it. */
export function localBaseUrl(bindHost: string, port: number): string {
  return `http://${callbackHost(bindHost)}:${port}`;
}

/** Builds the gate for one profile; nothing listens until `startProxy`. */
export function createGate(options: GateOptions): Gate {
  const { logger } = options;
  let clientId = options.clientId;
  const buildClient = (id: string | null): TokenClient =>
    createTokenClient({
      endpoints: options.endpoints,
      clientId: id ?? '',
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  let currentClient = buildClient(clientId);
  // the session and sign-in keep this object; `useClientId` swaps what is behind it
  const tokenClient: TokenClient = {
    exchangeCode: (input) => currentClient.exchangeCode(input),
    refresh: (refreshToken) => currentClient.refresh(refreshToken),
    revoke: (refreshToken, revokeOptions) => currentClient.revoke(refreshToken, revokeOptions),
  };
  const session = createTokenSession({
    profile: options.profile,
    vault: options.vault,
    tokenClient,
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  let signIn: SignIn | null = null;
  let proxy: RunningProxy | null = null;

  const beginSignIn = (redirectBase: string): PendingSignIn => {
    if (clientId === null) {
      throw new UserError(
        'no-client-id',
        'No OAuth client id: pass --oauth-client-id <AppId of a RAM OAuth application of type NativeApp>.',
      );
    }
    signIn?.cancel('superseded by a new sign-in');
    const flow = createSignIn({
      endpoints: options.endpoints,
      clientId,
      redirectUri: `${redirectBase}/callback`,
      tokenClient,
      ...(options.signInTimeoutMs === undefined ? {} : { timeoutMs: options.signInTimeoutMs }),
    });
    signIn = flow;
    const done = flow.result
      .then(async (tokens: TokenSet) => {
        await session.adopt(tokens);
        logger.info({ profile: options.profile }, 'signed in');
        options.onSignedIn?.();
      })
      .catch((error: unknown) => {
        logger.warn(
          { profile: options.profile, err: messageOf(error) },
          'sign-in did not complete',
        );
        throw error;
      })
      .finally(() => {
        if (signIn === flow) signIn = null;
      });
    // a caller that never awaits `done` must not see an unhandled rejection
    done.catch(() => undefined);
    return { flow, done };
  };

  const health = (): GateHealth => {
    const status = session.status();
    return {
      status: 'ok',
      version: VERSION,
      profile: options.profile,
      signedIn: status.state === 'signed-in' || status.state === 'refreshing',
      session: status.state,
      site: options.site,
      upstream: options.endpoints.upstreamUrl,
      signInInProgress: signIn !== null,
      accessTokenExpiresAt:
        status.accessTokenExpiresAt === null
          ? null
          : new Date(status.accessTokenExpiresAt).toISOString(),
    };
  };

  const routes = new Map<string, LocalRoute>([
    ['/health', (_req, res) => sendJson(res, 200, health())],
    [
      '/callback',
      async (req, res, url) => {
        if (signIn === null) {
          sendPage(res, 410, 'No sign-in is in progress', 'Run `mcp-gate login` to sign in again.');
          return;
        }
        writePage(res, await signIn.handleCallback(url, req.method ?? 'GET'));
      },
    ],
    [
      '/login',
      (req, res) => {
        if (req.method !== 'GET') return sendJson(res, 405, { error: 'use GET' });
        const base = localBaseUrl(options.host, proxy?.port ?? options.port);
        try {
          const flow = signIn ?? beginSignIn(base).flow;
          res.writeHead(302, { location: flow.authorizationUrl, 'cache-control': 'no-store' });
          res.end();
        } catch (error) {
          sendPage(res, 400, 'Cannot start sign-in', messageOf(error));
        }
      },
    ],
  ]);

  return {
    session,
    routes,
    beginSignIn,
    useClientId(id) {
      clientId = id;
      currentClient = buildClient(id);
    },
    health,
    async startProxy() {
      proxy = await startProxy({
        host: options.host,
        port: options.port,
        upstreamUrl: options.endpoints.upstreamUrl,
        tokens: session,
        ...(options.tokensFor
          ? { tokensFor: (account: string | null) => options.tokensFor?.(account) ?? session }
          : {}),
        rules: options.rules,
        allowedOrigins: options.allowedOrigins,
        localRoutes: routes,
        logger,
        activity: options.activity,
        ...(options.authenticateClient ? { authenticateClient: options.authenticateClient } : {}),
        ...(options.guard ? { guard: options.guard } : {}),
      });
      return proxy;
    },
    async close() {
      signIn?.cancel('shutting down');
      await proxy?.close();
      proxy = null;
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function writePage(res: ServerResponse, page: HtmlPage): void {
  res.writeHead(page.status, { ...page.headers, 'content-type': page.contentType });
  res.end(page.body);
}

function sendPage(res: ServerResponse, status: number, title: string, text: string): void {
  writePage(res, htmlPage(status, title, text));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export type { IncomingMessage };
