import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { UserError } from '../errors';
import { createUpstreamClient } from '../upstream';
import { createRequestHandler } from './handle-request';
import { jsonRpcError, ProxyErrorCode } from './json-rpc-error';
import {
  DEFAULT_CONNECT_MS,
  DEFAULT_HEADERS_MS,
  DEFAULT_HOST,
  DEFAULT_INSPECT_BYTES,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_HEADER_BYTES,
  parseUpstream,
  type ProxyContext,
  type ProxyOptions,
} from './proxy-options';

export type { LocalRoute, ProxyOptions } from './proxy-options';

/** A listening proxy. */
export interface RunningProxy {
  /** Base URL clients use, e.g. `http://127.0.0.1:8088`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Stops listening, cuts open streams, and releases the upstream connections it owns. */
  close(): Promise<void>;
}

/** The raw answer for a request the HTTP parser refused (headers too large, malformed). */
export function clientErrorResponse(code: string | undefined): string {
  const [status, text, message] =
    code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'Request headers are too large.']
      : code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request took too long to arrive.']
        : [400, 'Bad Request', 'Malformed HTTP request.'];
  const body = JSON.stringify(jsonRpcError(ProxyErrorCode.badRequest, message));
  return (
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

function bindError(error: NodeJS.ErrnoException, host: string, port: number): UserError {
  const where = `${host}:${port}`;
  if (error.code === 'EADDRINUSE') {
    return new UserError(
      'proxy-port-in-use',
      `Port ${port} on ${host} is already in use: stop the program using it or choose another port (--port).`,
      { cause: error },
    );
  }
  if (error.code === 'EACCES') {
    return new UserError(
      'proxy-bind',
      `Not permitted to listen on ${where}: choose a port above 1023 (--port).`,
      { cause: error },
    );
  }
  return new UserError(
    'proxy-bind',
    `Cannot listen on ${where} (${error.code ?? error.message}): check the address (--host), e.g. 127.0.0.1.`,
    { cause: error },
  );
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => reject(bindError(error, host, port));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Starts the authenticating proxy; rejects with a UserError naming the fix when it cannot listen. */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const host = options.host ?? DEFAULT_HOST;
  const upstream = parseUpstream(options.upstreamUrl);
  const upstreamClient = createUpstreamClient({
    origin: upstream.origin,
    connectTimeoutMs: options.timeouts?.connectMs ?? DEFAULT_CONNECT_MS,
    headersTimeoutMs: options.timeouts?.headersMs ?? DEFAULT_HEADERS_MS,
    ...(options.upstreamTls === undefined ? {} : { tls: options.upstreamTls }),
  });
  const ctx: ProxyContext = {
    upstream,
    tokensFor: options.tokensFor ?? (() => options.tokens),
    rules: options.rules,
    allowedOrigins: options.allowedOrigins ?? [],
    localRoutes: options.localRoutes ?? new Map(),
    logger: options.logger,
    activity: options.activity,
    authenticateClient: options.authenticateClient ?? null,
    guard: options.guard ?? null,
    maxBodyBytes: options.limits?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    inspectBytes: options.limits?.inspectBytes ?? DEFAULT_INSPECT_BYTES,
    upstreamClient,
    now: options.now ?? Date.now,
  };

  const server = createServer(
    { maxHeaderSize: options.limits?.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES },
    createRequestHandler(ctx),
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    options.logger.warn({ code: error.code }, 'malformed or oversized request refused');
    socket.end(clientErrorResponse(error.code));
  });

  try {
    await listen(server, host, options.port);
  } catch (error) {
    await upstreamClient.destroy();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  options.logger.info({ host, port, upstream: upstream.origin }, 'proxy listening');

  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await upstreamClient.destroy();
      })();
      return closing;
    },
  };
}
