import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionOptions } from 'node:tls';
import type { ActivitySink } from '../../../shared/activity';
import type { ServerRules } from '../../../shared/server-rules';
import type { AccessTokenSource } from '../auth/types';
import { UserError } from '../errors';
import type { ProxyGuard } from '../guard/proxy-guard';
import type { Logger } from '../logger';
import type { UpstreamClient } from '../upstream';

/** A request the proxy answers itself (e.g. `/health`), after the Host and Origin checks. */
export type LocalRoute = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) => void | Promise<void>;

/** Who sent a request (a configured client's id, or null), or why it is refused. */
export type ClientAuthResult =
  | { readonly ok: true; readonly client: string | null }
  | { readonly ok: false; readonly message: string };

/** Checks a request's local client key (`X-MCP-Gate-Key`); see electron/core/client-auth.ts. */
export type ClientAuthenticator = (req: IncomingMessage) => Promise<ClientAuthResult>;

/** Everything the proxy needs; all dependencies are passed in. */
export interface ProxyOptions {
  /** Bind address; default 127.0.0.1. */
  readonly host?: string;
  /** Port to listen on; 0 picks a free one. */
  readonly port: number;
  /** Where requests go, e.g. `https://openapi-mcp.cn-hangzhou.aliyuncs.com` (a path is a prefix). */
  readonly upstreamUrl: string;
  readonly tokens: AccessTokenSource;
  /**
   * Picks the token source for the account a path belongs to (`/accounts/<uid>/…`, null when the
   * path names none); without it every request uses `tokens`.
   */
  readonly tokensFor?: (account: string | null) => AccessTokenSource;
  /** Read per request, so settings can change while the proxy runs. */
  readonly rules: () => ServerRules;
  /** Browser origins allowed (exact match); by default requests carrying `Origin` are refused. */
  readonly allowedOrigins?: readonly string[];
  /** Paths the proxy serves itself, matched on the normalised path. */
  readonly localRoutes?: ReadonlyMap<string, LocalRoute>;
  readonly logger: Logger;
  readonly activity: ActivitySink;
  /** Identifies the local client of each proxied request; without it every request is anonymous. */
  readonly authenticateClient?: ClientAuthenticator;
  /** Decides tool calls (electron/core/guard); without it nothing is inspected. */
  readonly guard?: ProxyGuard;
  readonly limits?: {
    readonly maxHeaderBytes?: number;
    readonly maxBodyBytes?: number;
    readonly inspectBytes?: number;
  };
  readonly timeouts?: { readonly connectMs?: number; readonly headersMs?: number };
  /** Extra connection options for the upstream (a CA, a DNS lookup); the system's trust store by default. */
  readonly upstreamTls?: ConnectionOptions;
  readonly now?: () => number;
}

/** Where the upstream is: its origin and a path prefix ('' or `/x` without trailing slash). */
export interface Upstream {
  readonly origin: string;
  readonly pathPrefix: string;
}

/** The options with every default filled in. */
export interface ProxyContext {
  readonly upstream: Upstream;
  readonly tokensFor: (account: string | null) => AccessTokenSource;
  readonly rules: () => ServerRules;
  readonly allowedOrigins: readonly string[];
  readonly localRoutes: ReadonlyMap<string, LocalRoute>;
  readonly logger: Logger;
  readonly activity: ActivitySink;
  readonly authenticateClient: ClientAuthenticator | null;
  readonly guard: ProxyGuard | null;
  readonly maxBodyBytes: number;
  readonly inspectBytes: number;
  /** The proxy's own keep-alive connections to the upstream origin. */
  readonly upstreamClient: UpstreamClient;
  readonly now: () => number;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MAX_HEADER_BYTES = 32 * 1024;
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
export const DEFAULT_INSPECT_BYTES = 256 * 1024;
export const DEFAULT_CONNECT_MS = 10_000;
export const DEFAULT_HEADERS_MS = 60_000;

/** Parses the upstream URL; throws a UserError naming the fix when it is not an http(s) URL. */
export function parseUpstream(upstreamUrl: string): Upstream {
  let url: URL;
  try {
    url = new URL(upstreamUrl);
  } catch {
    throw new UserError(
      'proxy-upstream-url',
      `The MCP upstream URL ${JSON.stringify(upstreamUrl)} is not a URL: use e.g. https://openapi-mcp.cn-hangzhou.aliyuncs.com`,
    );
  }
  if (
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    throw new UserError(
      'proxy-upstream-url',
      `The MCP upstream URL ${url.origin} must be http(s) without query or fragment: use e.g. https://openapi-mcp.cn-hangzhou.aliyuncs.com`,
    );
  }
  return { origin: url.origin, pathPrefix: url.pathname.replace(/\/+$/, '') };
}
