/**
 * The cheapest proxies Node can be, for `node-floor.ts`: started as
 * `floor-proxy.ts <kind> <upstream port> <token>`, prints its port. Kinds: `tcp` (a raw TCP
 * pipe: no HTTP at all, so no header is added — the floor of Node's I/O), `undici` (node:http
 * server + undici's Pool.dispatch), `upstream-client` (node:http server + MCP Gate's own
 * upstream client). The HTTP kinds add the Authorization header and nothing else.
 */
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { connect, createServer as createTcpServer, type AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { createUpstreamClient } from '../../electron/core/upstream';

const [kind, portArg, token] = process.argv.slice(2);
const upstreamPort = Number(portArg);
const origin = `http://127.0.0.1:${upstreamPort}`;
const HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding']);

/** The headers without the hop-by-hop ones (each way). */
function withoutHopByHop(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined && !HOP.has(name)) out[name] = value;
  }
  return out;
}

/** A client request's headers as sent upstream: hop-by-hop ones dropped, the token added. */
function forwardedHeaders(req: IncomingMessage): Record<string, string | string[]> {
  return { ...withoutHopByHop(req.headers), authorization: `Bearer ${token ?? ''}` };
}

function printPort(address: AddressInfo | string | null): void {
  process.stdout.write(`${typeof address === 'object' && address !== null ? address.port : 0}\n`);
}

if (kind === 'tcp') {
  const server = createTcpServer((client) => {
    const upstream = connect(upstreamPort, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  server.listen(0, '127.0.0.1', () => printPort(server.address()));
} else if (kind === 'undici') {
  const pool = new Pool(origin, { connections: 128 });
  const server = createHttpServer((req, res) => {
    pool.dispatch(
      {
        path: req.url ?? '/',
        method: req.method ?? 'GET',
        headers: forwardedHeaders(req),
        body: req,
      },
      {
        onRequestStart() {},
        onResponseStart(_controller, status, headers) {
          res.writeHead(status, withoutHopByHop(headers));
        },
        onResponseData(controller, chunk) {
          if (!res.write(chunk)) {
            controller.pause();
            res.once('drain', () => controller.resume());
          }
        },
        onResponseEnd() {
          res.end();
        },
        onResponseError() {
          if (!res.headersSent) res.statusCode = 502;
          res.end();
        },
      },
    );
  });
  server.listen(0, '127.0.0.1', () => printPort(server.address()));
} else if (kind === 'upstream-client') {
  const client = createUpstreamClient({
    origin,
    connectTimeoutMs: 10_000,
    headersTimeoutMs: 60_000,
  });
  const server = createHttpServer((req, res) => {
    client
      .request({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: forwardedHeaders(req),
        body: req.headers['content-length'] === undefined ? null : req,
      })
      .then(
        (answer) => {
          res.writeHead(answer.statusCode, withoutHopByHop(answer.headers));
          answer.body.pipe(res);
        },
        () => {
          res.statusCode = 502;
          res.end();
        },
      );
  });
  server.listen(0, '127.0.0.1', () => printPort(server.address()));
} else {
  process.stderr.write(
    'usage: floor-proxy.ts tcp|undici|upstream-client <upstream port> <token>\n',
  );
  process.exit(2);
}
