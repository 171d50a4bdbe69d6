import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { dispatch, EVENTS, type Reply } from '../../../shared/ipc/contract';
import { readBody } from '../proxy/request-body';
import type { AppService } from './app-service-types';

/** The header the page sends its token in (the token itself arrives in the URL's fragment). */
export const UI_TOKEN_HEADER = 'x-mcp-gate-ui-token';
const MAX_BODY_BYTES = 1024 * 1024;
const KEEP_ALIVE_MS = 15_000;

/** The same CSP the Electron window gets, as a response header. */
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/** Options of the loopback UI server. */
export interface UiServerOptions {
  readonly service: AppService;
  /** The built renderer (dist/renderer). */
  readonly staticDir: string;
  /** Default: a fresh random token. */
  readonly token?: string;
  /** Default 0 (any free port). */
  readonly port?: number;
}

/** A listening UI server. */
export interface UiServer {
  /** The page's URL with its token in the fragment: open this one. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  close(): Promise<void>;
}

/**
 * Serves the renderer and the IPC contract over loopback HTTP (for `demo:ui` and browser tests):
 * `POST /api/invoke/<channel>` answers a contract `Reply`; `GET /api/events` streams the contract's
 * events as SSE. Every API call needs the random token; Host must be the loopback address and a
 * browser Origin must be the page's own, so other local users' pages cannot drive it.
 */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const expected = Buffer.from(token);
  const streams = new Set<ServerResponse>();
  let origin = '';

  const authorized = (given: string | null): boolean => {
    if (given === null) return false;
    const buffer = Buffer.from(given);
    return buffer.length === expected.length && timingSafeEqual(buffer, expected);
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, failure('failed', 'The request failed.'));
      else res.destroy();
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', origin);
    if (req.headers.host !== new URL(origin).host) {
      sendJson(res, 403, failure('forbidden-host', 'Open the page at its 127.0.0.1 address.'));
      return;
    }
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) {
      sendJson(res, 403, failure('forbidden-origin', 'Requests from other pages are refused.'));
      return;
    }
    if (url.pathname.startsWith('/api/invoke/')) {
      if (req.method !== 'POST') {
        sendJson(res, 405, failure('method', 'Use POST.'));
        return;
      }
      if (!authorized(header(req, UI_TOKEN_HEADER))) {
        sendJson(
          res,
          401,
          failure('forbidden', 'Wrong or missing page token: open the printed URL again.'),
        );
        return;
      }
      const read = await readBody(req, MAX_BODY_BYTES);
      if (read.kind === 'aborted') return;
      if (read.kind === 'too-large') {
        sendJson(res, 413, failure('too-large', 'The request is too large.'));
        return;
      }
      const body = read.bytes.toString('utf8');
      let input: unknown;
      try {
        input = body === '' ? {} : JSON.parse(body);
      } catch {
        sendJson(res, 400, failure('invalid-json', 'The request body is not JSON.'));
        return;
      }
      const channel = decodeURIComponent(url.pathname.slice('/api/invoke/'.length));
      const reply = await dispatch(options.service.handlers, channel, input);
      sendJson(res, 200, reply);
      return;
    }
    if (url.pathname === '/api/events') {
      if (!authorized(url.searchParams.get('token'))) {
        sendJson(
          res,
          401,
          failure('forbidden', 'Wrong or missing page token: open the printed URL again.'),
        );
        return;
      }
      openEventStream(res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, failure('method', 'Use GET.'));
      return;
    }
    await serveStatic(url.pathname, res);
  };

  const openEventStream = (res: ServerResponse): void => {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.write(': connected\n\n');
    streams.add(res);
    const offs = EVENTS.map((event) =>
      options.service.on(event, (payload) => {
        res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
      }),
    );
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    res.on('close', () => {
      clearInterval(keepAlive);
      for (const off of offs) off();
      streams.delete(res);
    });
  };

  const root = normalize(options.staticDir);
  const serveStatic = async (pathname: string, res: ServerResponse): Promise<void> => {
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).slice(1);
    const file = normalize(join(root, relative));
    if (!file.startsWith(root + sep)) {
      sendJson(res, 404, failure('not-found', 'Not found.'));
      return;
    }
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      sendJson(res, 404, failure('not-found', 'Not found.'));
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': RENDERER_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    res.end(content);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

function failure(code: string, message: string): Reply<never> {
  return { ok: false, error: { code, message } };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(JSON.stringify(body));
}
