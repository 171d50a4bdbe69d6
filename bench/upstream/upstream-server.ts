/**
 * The benchmark upstream, run in its own process (forked by the harness) so it never competes
 * with a proxy for an event loop. Answers MCP over Streamable HTTP on Alibaba-shaped paths and
 * counts every request whose Authorization is not `Bearer <an access token the OAuth server issued>`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { progressEvent, sseMessage, toolCallAnswer, toolsListAnswer } from './payloads';
import { BENCH_PATHS } from './upstream-paths';
import type { FromUpstream, ToUpstream } from './upstream-protocol';

const valid = new Set<string>();
let requests = 0;
let wrongAuthorization = 0;
let openStreams = 0;

function send(message: FromUpstream): void {
  process.send?.(message);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

function requestId(body: string): unknown {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && 'id' in parsed ? parsed.id : null;
  } catch {
    return null;
  }
}

function json(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function eventStreamHead(res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
  });
  res.flushHeaders();
}

async function post(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const id = requestId(await readBody(req));
  if (path === BENCH_PATHS.jsonCall) return json(res, 200, toolCallAnswer(id));
  if (path === BENCH_PATHS.toolsList) return json(res, 200, toolsListAnswer(id));
  if (path === BENCH_PATHS.sseCall) {
    eventStreamHead(res);
    res.end(sseMessage(toolCallAnswer(id)));
    return;
  }
  json(res, 404, '{"error":"no such MCP server"}');
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

async function flood(res: ServerResponse, events: number): Promise<void> {
  for (let i = 1; i <= events && !res.destroyed; i++) {
    if (!res.write(progressEvent(i, events, null))) await drained(res);
  }
  res.end();
}

function paced(res: ServerResponse, events: number, intervalMs: number): Promise<void> {
  return new Promise((resolve) => {
    let i = 0;
    const started = performance.now();
    const tick = (): void => {
      if (res.destroyed) return resolve();
      i++;
      res.write(progressEvent(i, events, process.hrtime.bigint()));
      if (events > 0 && i >= events) {
        res.end();
        return resolve();
      }
      // keep the cadence: schedule against the start, not the previous tick
      setTimeout(tick, Math.max(0, started + i * intervalMs - performance.now()));
    };
    res.once('close', () => resolve());
    setTimeout(tick, intervalMs);
  });
}

async function stream(res: ServerResponse, query: URLSearchParams): Promise<void> {
  const n = Number(query.get('n') ?? '0');
  const interval = Number(query.get('interval') ?? '10');
  eventStreamHead(res);
  openStreams++;
  res.once('close', () => openStreams--);
  const mode = query.get('mode');
  if (mode === 'flood') return flood(res, n);
  // endless: n = 0, events every `interval` ms until the client goes away
  return paced(res, mode === 'paced' ? n : 0, interval);
}

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  requests++;
  const authorization = req.headers.authorization ?? '';
  if (!authorization.startsWith('Bearer ') || !valid.has(authorization.slice(7))) {
    wrongAuthorization++;
    res.writeHead(401, { 'content-type': 'application/json', 'content-length': 2 });
    res.end('{}');
    req.resume();
    return;
  }
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const handled =
    req.method === 'POST'
      ? post(req, res, path)
      : req.method === 'GET' && path === BENCH_PATHS.stream
        ? stream(res, new URLSearchParams(q === -1 ? '' : url.slice(q + 1)))
        : Promise.resolve(json(res, 405, '{"error":"method not allowed"}'));
  handled.catch(() => res.destroy());
});
server.headersTimeout = 66_000;

process.on('message', (message: ToUpstream) => {
  if (message.type === 'tokens') {
    for (const token of message.tokens) valid.add(token);
    send({ type: 'tokens-set' });
  } else if (message.type === 'stats') {
    send({ type: 'stats', id: message.id, stats: { requests, wrongAuthorization, openStreams } });
  }
});
// the harness is gone (even killed): stop at once
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  send({ type: 'ready', port: (server.address() as AddressInfo).port });
});
