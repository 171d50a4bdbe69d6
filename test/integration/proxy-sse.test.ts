import { get, type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CUSTOM_MCP,
  CUSTOM_SSE,
  eventually,
  send,
  startStub,
  startTestProxy,
  type Stub,
  type TestProxy,
} from './proxy-harness';

let stub: Stub;
let gate: TestProxy;

afterEach(async () => {
  await gate?.close();
  await stub?.close();
});

/** A client reading an SSE stream through the proxy. */
interface SseClient {
  readonly req: ClientRequest;
  readonly res: IncomingMessage;
  /** Raw text received so far. */
  text(): string;
  /** Resolves once the received text contains `needle`. */
  waitFor(needle: string): Promise<void>;
  /** How the stream ended: a clean end, or an error/abort. */
  readonly ended: Promise<'end' | 'error'>;
}

function openSse(
  base: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<SseClient> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = get(
      {
        host: url.hostname,
        port: url.port,
        path,
        agent: false,
        headers: { accept: 'text/event-stream', ...headers },
      },
      (res) => {
        let text = '';
        const waiters: { needle: string; resolve: () => void }[] = [];
        const ended = new Promise<'end' | 'error'>((done) => {
          res.on('end', () => done('end'));
          res.on('error', () => done('error'));
          res.on('aborted', () => done('error'));
        });
        res.on('data', (c: Buffer) => {
          text += c.toString();
          for (const w of waiters.splice(0)) {
            if (text.includes(w.needle)) w.resolve();
            else waiters.push(w);
          }
        });
        resolve({
          req,
          res,
          text: () => text,
          waitFor: (needle) =>
            text.includes(needle)
              ? Promise.resolve()
              : new Promise((r) => waiters.push({ needle, resolve: r })),
          ended,
        });
      },
    );
    req.on('error', reject);
  });
}

function sseHead(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
}

describe('proxy SSE', () => {
  it('rewrites an absolute endpoint URL on the upstream to the proxy origin the client used', async () => {
    stub = await startStub((_req, res) => {
      sseHead(res);
      res.write('event: endpo');
      res.write(
        `int\r\ndata: ${stub.url}/accounts/1234/custom/demo/id/abc123/messages?sessionId=s1\r`,
      );
      res.write('\n\r\nevent: message\r\ndata: {"url":"' + stub.url + '/x"}\r\n\r\n');
    });
    gate = await startTestProxy(stub.url);
    const client = await openSse(gate.proxy.url, CUSTOM_SSE, {
      host: `localhost:${gate.proxy.port}`,
    });
    await client.waitFor('event: message\r\ndata: {"url"');
    await client.waitFor('}\r\n\r\n');
    expect(client.text()).toBe(
      `event: endpoint\r\ndata: http://localhost:${gate.proxy.port}/accounts/1234/custom/demo/id/abc123/messages?sessionId=s1\r\n\r\n` +
        `event: message\r\ndata: {"url":"${stub.url}/x"}\r\n\r\n`,
    );
    client.req.destroy();
  });

  it('passes an event-stream answer to a POST through byte for byte: only a GET stream announces an endpoint', async () => {
    const events = (origin: string): string =>
      `event: endpoint\r\ndata: ${origin}/accounts/1234/custom/demo/id/abc123/messages?sessionId=s1\r\n\r\n` +
      'event: message\r\ndata: {"jsonrpc":"2.0","id":1,"result":{}}\r\n\r\n';
    stub = await startStub((_req, res) => {
      sseHead(res);
      res.end(events(stub.url));
    });
    gate = await startTestProxy(stub.url);
    const answer = await send(gate.proxy.url, {
      method: 'POST',
      path: CUSTOM_MCP,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/event-stream');
    expect(answer.body).toBe(events(stub.url));
  });

  it('delivers each event before the upstream sends the next, with unbuffered headers', async () => {
    let release: () => void = () => undefined;
    const firstDelivered = new Promise<void>((r) => (release = r));
    stub = await startStub((_req, res) => {
      sseHead(res);
      res.write('data: one\n\n');
      void firstDelivered.then(() => res.end('data: two\n\n'));
    });
    gate = await startTestProxy(stub.url);
    const client = await openSse(gate.proxy.url, CUSTOM_SSE);
    expect(client.res.headers['content-type']).toBe('text/event-stream');
    expect(client.res.headers['cache-control']).toBe('no-cache, no-transform');
    expect(client.res.headers['x-accel-buffering']).toBe('no');
    expect(client.res.headers['content-length']).toBeUndefined();
    await client.waitFor('data: one\n\n');
    expect(client.text()).toBe('data: one\n\n');
    release();
    expect(await client.ended).toBe('end');
    expect(client.text()).toBe('data: one\n\ndata: two\n\n');
  });

  it('keeps an idle stream open longer than the headers timeout and delivers the next event', async () => {
    stub = await startStub((_req, res) => {
      sseHead(res);
      res.write('data: before\n\n');
      setTimeout(() => res.end('data: after\n\n'), 800);
    });
    gate = await startTestProxy(stub.url, { timeouts: { headersMs: 200 } });
    const client = await openSse(gate.proxy.url, CUSTOM_SSE);
    expect(await client.ended).toBe('end');
    expect(client.text()).toBe('data: before\n\ndata: after\n\n');
  });

  it('destroys the client socket when the upstream resets mid-stream', async () => {
    stub = await startStub((req, res) => {
      sseHead(res);
      res.write('data: one\n\n', () => setTimeout(() => req.socket.destroy(), 20));
    });
    gate = await startTestProxy(stub.url);
    const client = await openSse(gate.proxy.url, CUSTOM_SSE);
    expect(await client.ended).toBe('error');
    expect(client.res.complete).toBe(false);
    await eventually(() => gate.activity.length === 1);
    expect(gate.activity[0]).toMatchObject({ status: 200, outcome: 'upstream-error' });
  });

  it('aborts the upstream request when the client goes away mid-stream', async () => {
    let upstreamClosed = false;
    stub = await startStub((_req, res) => {
      sseHead(res);
      res.write('data: one\n\n');
      res.on('close', () => (upstreamClosed = !res.writableFinished));
    });
    gate = await startTestProxy(stub.url);
    const client = await openSse(gate.proxy.url, CUSTOM_SSE);
    await client.waitFor('data: one');
    client.req.destroy();
    await eventually(() => upstreamClosed);
    await eventually(() => gate.activity.length === 1);
    expect(gate.activity[0]).toMatchObject({ status: 200, outcome: 'client-aborted' });
  });

  it('leaks no upstream or client socket over 1,000 client aborts mid-stream', async () => {
    let aborted = 0;
    stub = await startStub((_req, res) => {
      sseHead(res);
      res.write('data: one\n\n');
      res.on('close', () => {
        if (!res.writableFinished) aborted++;
      });
    });
    gate = await startTestProxy(stub.url);
    const baseline = await stub.connections();
    const cycle = async (): Promise<void> => {
      const client = await openSse(gate.proxy.url, CUSTOM_SSE);
      await client.waitFor('data: one');
      client.req.destroy();
    };
    for (let batch = 0; batch < 50; batch++) await Promise.all(Array.from({ length: 20 }, cycle));
    await eventually(() => aborted === 1000);
    await eventually(async () => (await stub.connections()) === baseline);
    await eventually(() => gate.activity.length === 1000);
    expect(gate.activity.every((e) => e.outcome === 'client-aborted')).toBe(true);
  });

  it('keeps memory bounded for a slow reader: the upstream feels the backpressure', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let pushed = 0;
    let stalled = false;
    stub = await startStub((_req, res) => {
      sseHead(res);
      const pump = (): void => {
        while (pushed < 256 * 1024 * 1024) {
          pushed += chunk.length;
          if (!res.write(chunk)) {
            stalled = true;
            res.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
    gate = await startTestProxy(stub.url);
    const client = await openSse(gate.proxy.url, CUSTOM_SSE);
    client.res.pause();
    // Wait until the upstream can no longer write: every buffer between it and the paused reader is full.
    let last = -1;
    await eventually(async () => {
      await new Promise((r) => setTimeout(r, 200));
      const steady = stalled && pushed === last;
      last = pushed;
      return steady;
    });
    expect(pushed).toBeLessThan(64 * 1024 * 1024);
    client.req.destroy();
  });
});
