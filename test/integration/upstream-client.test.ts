import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { clientFor, closed, readAll, rejection, startHttp, until } from './upstream-harness';

/** What the server saw of one request. */
interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawHeaders: readonly string[];
  readonly body: string;
  readonly port: number;
}

/** A server that records each request with its body, then answers `answer`'s JSON. */
async function recordingServer() {
  const seen: Seen[] = [];
  const server = await startHttp((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks).toString(),
        port: req.socket.remotePort ?? 0,
      });
      res.setHeader('content-type', 'application/json');
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.end(JSON.stringify({ n: seen.length }));
    });
  });
  return { server, seen };
}

describe('upstream client: requests', () => {
  it('sends the request line, host and headers, and returns status, headers and body', async () => {
    const { server, seen } = await recordingServer();
    const client = clientFor(server.origin);
    const response = await client.request({
      method: 'POST',
      path: '/accounts/1/custom/x/id/y/mcp?a=b',
      headers: { 'content-type': 'application/json', 'x-list': ['one', 'two'] },
      body: Buffer.from('{"jsonrpc":"2.0"}'),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect((await readAll(response.body)).toString()).toBe('{"n":1}');
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/accounts/1/custom/x/id/y/mcp?a=b',
      body: '{"jsonrpc":"2.0"}',
    });
    expect(seen[0]?.rawHeaders).toEqual([
      'host',
      `127.0.0.1:${server.port}`,
      'content-type',
      'application/json',
      'x-list',
      'one',
      'x-list',
      'two',
      'content-length',
      '17',
    ]);
  });

  it('declares content-length 0 for a POST without a body, and no length for GET or DELETE', async () => {
    const { server, seen } = await recordingServer();
    const client = clientFor(server.origin);
    for (const method of ['POST', 'GET', 'DELETE']) {
      await (await client.request({ method, path: '/', headers: {}, body: null })).body.dump();
    }
    expect(
      seen.map((s) => [s.method, s.headers['content-length'], s.headers['transfer-encoding']]),
    ).toEqual([
      ['POST', '0', undefined],
      ['GET', undefined, undefined],
      ['DELETE', undefined, undefined],
    ]);
  });

  it('streams a Readable body chunked without a content-length, and as is with one', async () => {
    const { server, seen } = await recordingServer();
    const client = clientFor(server.origin);
    const parts = ['{"a":', '1', '}'].map((s) => Buffer.from(s));
    await readAll(
      (await client.request({ method: 'POST', path: '/', headers: {}, body: Readable.from(parts) }))
        .body,
    );
    await readAll(
      (
        await client.request({
          method: 'POST',
          path: '/',
          headers: { 'content-length': '7' },
          body: Readable.from(parts),
        })
      ).body,
    );
    expect(seen[0]).toMatchObject({ body: '{"a":1}' });
    expect(seen[0]?.headers['transfer-encoding']).toBe('chunked');
    expect(seen[0]?.headers['content-length']).toBeUndefined();
    expect(seen[1]).toMatchObject({ body: '{"a":1}' });
    expect(seen[1]?.headers['content-length']).toBe('7');
    expect(seen[1]?.headers['transfer-encoding']).toBeUndefined();
    expect(server.sockets).toHaveLength(1);
  });

  it('streams a large request body no faster than the upstream reads it', async () => {
    const total = 64 * 1024 * 1024;
    let received = 0;
    let reading = false;
    const server = await startHttp((req, res) => {
      req.pause();
      req.on('data', (chunk: Buffer) => (received += chunk.length));
      req.on('end', () => res.end(String(received)));
      const resume = setInterval(() => {
        if (!reading) return;
        clearInterval(resume);
        req.resume();
      }, 5);
    });
    let produced = 0;
    const body = new Readable({
      read() {
        if (produced >= total) {
          this.push(null);
          return;
        }
        produced += 64 * 1024;
        this.push(Buffer.alloc(64 * 1024, 0x61));
      },
    });
    const client = clientFor(server.origin);
    const answer = client.request({ method: 'PUT', path: '/', headers: {}, body });
    await sleep(300);
    expect(produced).toBeLessThan(total / 2);
    reading = true;
    const response = await answer;
    expect((await readAll(response.body)).toString()).toBe(String(total));
    expect(produced).toBe(total);
  });

  it.each([
    ['a method with CRLF', { method: 'GET\r\nX-Evil: 1', path: '/' }, /method/],
    ['a path with CRLF', { method: 'GET', path: '/a HTTP/1.1\r\nX-Evil: 1' }, /path/],
    ['a path with NUL', { method: 'GET', path: '/a\0' }, /path/],
    [
      'a header name with CRLF',
      { method: 'GET', path: '/', headers: { 'x\r\nx-evil': '1' } },
      /header name/,
    ],
    [
      'a header value with CRLF',
      { method: 'GET', path: '/', headers: { accept: '*/*\r\nx-evil: 1' } },
      /header "accept" has a value with CR, LF, NUL .*\(header injection\)/,
    ],
    [
      'a header value with NUL',
      { method: 'GET', path: '/', headers: { accept: '*/*\0' } },
      /header injection/,
    ],
  ])('rejects %s before connecting', async (_name, req, message) => {
    const { server } = await recordingServer();
    const client = clientFor(server.origin);
    const error = await rejection(client.request({ headers: {}, body: null, ...req }));
    expect(error.code).toBe('UPSTREAM_INVALID_REQUEST');
    expect(error.message).toMatch(message);
    await sleep(50);
    expect(server.sockets).toHaveLength(0);
  });

  it('rejects with the body error and closes the connection when the request body fails', async () => {
    let sawRequest = false;
    const server = await startHttp((req) => {
      sawRequest = true;
      req.resume();
    });
    const body = new Readable({ read() {} });
    const client = clientFor(server.origin);
    const answer = client.request({ method: 'POST', path: '/', headers: {}, body });
    body.push(Buffer.from('first part'));
    await until(() => sawRequest);
    body.destroy(new Error('disk on fire'));
    const error = await rejection(answer);
    expect(error.message).toBe('disk on fire');
    await closed(server.sockets[0]);
  });
});

describe('upstream client: answers', () => {
  it('reads a chunked answer', async () => {
    const server = await startHttp((_req, res) => {
      res.write('hello ');
      setTimeout(() => res.end('world'), 10);
    });
    const response = await clientFor(server.origin).request({
      method: 'GET',
      path: '/',
      headers: {},
      body: null,
    });
    expect(response.headers['transfer-encoding']).toBe('chunked');
    expect((await readAll(response.body)).toString()).toBe('hello world');
  });

  it('delivers SSE events one by one, as the upstream sends them', async () => {
    const events = [1, 2, 3, 4, 5].map((n) => `event: message\ndata: {"n":${n}}\n\n`);
    const sentAt: number[] = [];
    const server = await startHttp(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const event of events) {
        sentAt.push(performance.now());
        res.write(event);
        await sleep(20);
      }
      res.end();
    });
    const response = await clientFor(server.origin).request({
      method: 'GET',
      path: '/sse',
      headers: { accept: 'text/event-stream' },
      body: null,
    });
    const received: { text: string; at: number }[] = [];
    for await (const chunk of response.body) {
      received.push({ text: (chunk as Buffer).toString(), at: performance.now() });
    }
    expect(received.map((r) => r.text)).toEqual(events);
    for (let i = 0; i < events.length - 1; i++) {
      // each event reached the client before the next one was even sent
      expect(received[i]?.at).toBeLessThan(sentAt[i + 1] ?? 0);
    }
  });

  it('ends 204 and HEAD answers at their head and keeps the connection', async () => {
    const server = await startHttp((req, res) => {
      if (req.url === '/empty') {
        res.writeHead(204).end();
      } else {
        res.writeHead(200, { 'content-length': '1000' });
        res.end(req.method === 'HEAD' ? undefined : 'x'.repeat(1000));
      }
    });
    const client = clientFor(server.origin);
    const empty = await client.request({ method: 'POST', path: '/empty', headers: {}, body: null });
    expect(empty.statusCode).toBe(204);
    expect((await readAll(empty.body)).length).toBe(0);
    const head = await client.request({ method: 'HEAD', path: '/', headers: {}, body: null });
    expect(head.headers['content-length']).toBe('1000');
    expect((await readAll(head.body)).length).toBe(0);
    const get = await client.request({ method: 'GET', path: '/', headers: {}, body: null });
    expect((await readAll(get.body)).toString()).toBe('x'.repeat(1000));
    expect(server.sockets).toHaveLength(1);
  });

  it('holds a big answer back while the reader does not read, then delivers all of it', async () => {
    const total = 32 * 1024 * 1024;
    let written = 0;
    const server = await startHttp((_req, res) => {
      res.writeHead(200, { 'content-length': String(total) });
      const chunk = Buffer.alloc(64 * 1024, 0x62);
      const pump = (): void => {
        while (written < total) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    const response = await clientFor(server.origin).request({
      method: 'GET',
      path: '/big',
      headers: {},
      body: null,
    });
    await sleep(300);
    expect(written).toBeLessThan(total / 2);
    expect(response.body.readableLength).toBeLessThanOrEqual(1024 * 1024);
    const body = await readAll(response.body);
    expect(body.length).toBe(total);
    expect(body.every((byte) => byte === 0x62)).toBe(true);
  });

  it('closes the connection when the body is destroyed before its end', async () => {
    const server = await startHttp((_req, res) => {
      res.write('first');
    });
    const client = clientFor(server.origin);
    const response = await client.request({ method: 'GET', path: '/', headers: {}, body: null });
    const [first] = await Promise.all([
      new Promise((resolve) => response.body.once('data', resolve)),
    ]);
    expect(String(first)).toBe('first');
    response.body.destroy();
    await closed(server.sockets[0]);
  });

  it('dump() reads a short rest and keeps the connection', async () => {
    const server = await startHttp((_req, res) => res.end('z'.repeat(64 * 1024)));
    const client = clientFor(server.origin);
    const first = await client.request({ method: 'GET', path: '/', headers: {}, body: null });
    await first.body.dump();
    const second = await client.request({ method: 'GET', path: '/', headers: {}, body: null });
    expect((await readAll(second.body)).length).toBe(64 * 1024);
    expect(server.sockets).toHaveLength(1);
  });

  it('dump() closes the connection instead of reading a long rest', async () => {
    const server = await startHttp((_req, res) => {
      res.writeHead(200, { 'content-length': String(4 * 1024 * 1024) });
      res.write('y'.repeat(1024));
    });
    const client = clientFor(server.origin);
    const response = await client.request({ method: 'GET', path: '/', headers: {}, body: null });
    await response.body.dump();
    await closed(server.sockets[0]);
  });
});

describe('upstream client: connection pool', () => {
  it('carries sequential requests on one connection', async () => {
    const { server, seen } = await recordingServer();
    const client = clientFor(server.origin);
    for (let i = 0; i < 5; i++) {
      const response = await client.request({
        method: 'GET',
        path: `/${i}`,
        headers: {},
        body: null,
      });
      await readAll(response.body);
    }
    expect(seen.map((s) => s.url)).toEqual(['/0', '/1', '/2', '/3', '/4']);
    expect(server.sockets).toHaveLength(1);
  });

  it('opens at most maxSockets connections and serves queued requests in order', async () => {
    const order: string[] = [];
    let open = 0;
    let most = 0;
    const server = await startHttp(async (req, res) => {
      order.push(req.url ?? '');
      open++;
      most = Math.max(most, open);
      await sleep(15);
      open--;
      res.end(req.url);
    });
    const client = clientFor(server.origin, { maxSockets: 2 });
    const paths = ['/0', '/1', '/2', '/3', '/4', '/5'];
    const bodies = await Promise.all(
      paths.map(async (path) => {
        const response = await client.request({ method: 'GET', path, headers: {}, body: null });
        return (await readAll(response.body)).toString();
      }),
    );
    expect(bodies).toEqual(paths);
    expect(server.sockets).toHaveLength(2);
    expect(most).toBe(2);
    expect(order.slice(2)).toEqual(['/2', '/3', '/4', '/5']);
  });

  it('reuses the most recently released connection first', async () => {
    const ports: Record<string, number> = {};
    const server = await startHttp(async (req, res) => {
      ports[req.url ?? ''] = req.socket.remotePort ?? 0;
      if (req.url === '/slow') await sleep(50);
      res.end();
    });
    const client = clientFor(server.origin);
    const get = async (path: string): Promise<void> =>
      (await client.request({ method: 'GET', path, headers: {}, body: null })).body.dump();
    await Promise.all([get('/fast'), get('/slow')]);
    await get('/next');
    expect(ports['/fast']).not.toBe(ports['/slow']);
    expect(ports['/next']).toBe(ports['/slow']);
  });

  it('opens a new connection after the upstream answered connection: close', async () => {
    const server = await startHttp((req, res) => {
      if (req.url === '/last') res.setHeader('connection', 'close');
      res.end('ok');
    });
    const client = clientFor(server.origin);
    for (const path of ['/last', '/again']) {
      const response = await client.request({ method: 'GET', path, headers: {}, body: null });
      expect((await readAll(response.body)).toString()).toBe('ok');
    }
    expect(server.sockets).toHaveLength(2);
  });

  it('sends a new request on a new connection after the upstream closed the idle one', async () => {
    const server = await startHttp(
      (_req, res) => res.end('ok'),
      (s) => (s.keepAliveTimeout = 50),
    );
    const client = clientFor(server.origin);
    await (await client.request({ method: 'GET', path: '/', headers: {}, body: null })).body.dump();
    await closed(server.sockets[0]);
    await sleep(20);
    const response = await client.request({ method: 'GET', path: '/', headers: {}, body: null });
    expect((await readAll(response.body)).toString()).toBe('ok');
    expect(server.sockets).toHaveLength(2);
  });

  it('closes idle connections after keepAliveTimeoutMs', async () => {
    const server = await startHttp((_req, res) => res.end('ok'));
    const client = clientFor(server.origin, { keepAliveTimeoutMs: 100 });
    const started = Date.now();
    await (await client.request({ method: 'GET', path: '/', headers: {}, body: null })).body.dump();
    await closed(server.sockets[0]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('does not reuse a connection the upstream keeps for only 1 s (Keep-Alive: timeout=1)', async () => {
    const server = await startHttp(
      (_req, res) => res.end('ok'),
      (s) => (s.keepAliveTimeout = 1000),
    );
    const client = clientFor(server.origin);
    for (let i = 0; i < 2; i++) {
      const response = await client.request({ method: 'GET', path: '/', headers: {}, body: null });
      expect(response.headers['keep-alive']).toBe('timeout=1');
      await readAll(response.body);
    }
    expect(server.sockets).toHaveLength(2);
  });
});
