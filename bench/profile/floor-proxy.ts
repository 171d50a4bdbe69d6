/**
 * The cheapest proxies Node can be, for `node-floor.ts`: started as
 * `floor-proxy.ts <kind> <upstream port> <token>`, prints its port. Kinds: `tcp` (a raw TCP
 * pipe: no HTTP at all, so no header is added — the floor of Node's I/O), `undici` (node:http
 * server + undici's Pool.dispatch), `upstream-client` (node:http server + MCP Gate's own
 * upstream client), `raw-http` (no HTTP library at all: request heads parsed and re-written by
 * hand on raw sockets, answers passed through — the floor of any HTTP-aware proxy in Node).
 * The HTTP kinds add the Authorization header and nothing else.
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
} else if (kind === 'raw-http') {
  // the leanest HTTP-aware proxy: one upstream connection per client connection, request heads
  // parsed and re-written with the token, answers passed through byte for byte (Content-Length
  // framing only) — what a hand-written JavaScript HTTP/1.1 proxy costs at the least
  const server = createTcpServer((client) => {
    client.setNoDelay(true);
    const upstream = connect(upstreamPort, '127.0.0.1');
    upstream.setNoDelay(true);
    let request: Buffer = Buffer.alloc(0);
    let answer: Buffer = Buffer.alloc(0);
    let answerLeft = -1;
    client.on('data', (chunk: Buffer) => {
      request = request.length === 0 ? chunk : Buffer.concat([request, chunk]);
      for (;;) {
        const end = request.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = request.toString('latin1', 0, end);
        const m = /\r\ncontent-length: *(\d+)/i.exec(head);
        const length = m === null ? 0 : Number(m[1]);
        if (request.length < end + 4 + length) return;
        let out = '';
        for (const line of head.split('\r\n')) {
          const name = line.slice(0, line.indexOf(':')).toLowerCase();
          if (!HOP.has(name)) out += line + '\r\n';
        }
        upstream.write(
          out + `host: 127.0.0.1:${upstreamPort}\r\nauthorization: Bearer ${token ?? ''}\r\n\r\n`,
        );
        if (length > 0) upstream.write(request.subarray(end + 4, end + 4 + length));
        request = request.subarray(end + 4 + length);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      answer = answer.length === 0 ? chunk : Buffer.concat([answer, chunk]);
      for (;;) {
        if (answerLeft < 0) {
          const end = answer.indexOf('\r\n\r\n');
          if (end < 0) return;
          const m = /\r\ncontent-length: *(\d+)/i.exec(answer.toString('latin1', 0, end));
          answerLeft = end + 4 + (m === null ? 0 : Number(m[1]));
        }
        const take = Math.min(answerLeft, answer.length);
        client.write(answer.subarray(0, take));
        answer = answer.subarray(take);
        answerLeft -= take;
        if (answerLeft > 0) return;
        answerLeft = -1;
        if (answer.length === 0) return;
      }
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  server.listen(0, '127.0.0.1', () => printPort(server.address()));
} else {
  process.stderr.write(
    'usage: floor-proxy.ts tcp|undici|upstream-client|raw-http <upstream port> <token>\n',
  );
  process.exit(2);
}
