import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError } from './errors';
import type { LocalRoute } from './proxy/proxy-server';
import { isAllowedHost } from './proxy/local-access';

/** A listener that serves only a few local routes (sign-in callback, health), for `mcp-gate login`. */
export interface LoopbackServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the loopback listener; refuses foreign Host headers like the proxy does. */
export function startLoopbackServer(options: {
  readonly host: string;
  readonly port: number;
  readonly routes: ReadonlyMap<string, LocalRoute>;
}): Promise<LoopbackServer> {
  const server: Server = createServer((req, res) => {
    if (!isAllowedHost(req.headers.host)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden host\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = options.routes.get(url.pathname);
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    Promise.resolve(route(req, res, url)).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal error\n');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new UserError(
              'port-in-use',
              `Port ${options.port} on ${options.host} is in use: stop what uses it, or pass --port with a free port (the OAuth app must list that redirect URI).`,
              { cause: error },
            )
          : new UserError(
              'listen-failed',
              `Cannot listen on ${options.host}:${options.port}: ${error.message}.`,
              {
                cause: error,
              },
            ),
      );
    });
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        port,
        url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
