import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CUSTOM_MCP,
  eventually,
  rpcError,
  send,
  startStub,
  startTestProxy,
  type Stub,
  type TestProxy,
} from './proxy-harness';

let stub: Stub | undefined;
let gate: TestProxy;

afterEach(async () => {
  await gate?.close();
  await stub?.close();
  stub = undefined;
});

describe('proxy upstream failures', () => {
  it('answers 502 naming a refused connection', async () => {
    const closed = await startStub(() => undefined);
    const url = closed.url;
    await closed.close();
    gate = await startTestProxy(url);
    const answer = await send(gate.proxy.url, { method: 'POST', path: CUSTOM_MCP, body: '{}' });
    expect(answer.status).toBe(502);
    expect(rpcError(answer).message).toBe(
      `Cannot reach the MCP upstream ${url}: connection refused`,
    );
    expect(gate.activity[0]).toMatchObject({
      status: 502,
      outcome: 'upstream-error',
      reason: 'connection refused',
    });
    expect(gate.logs().some((l) => l.level === 40 && l['cause'] === 'connection refused')).toBe(
      true,
    );
  });

  it('answers 502 naming a failed DNS lookup', async () => {
    gate = await startTestProxy('https://openapi-mcp.invalid', {
      upstreamTls: {
        lookup: (_host, _options, callback) =>
          callback(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), '', 4),
      },
    });
    const answer = await send(gate.proxy.url, { path: CUSTOM_MCP });
    expect(answer.status).toBe(502);
    expect(rpcError(answer).message).toBe(
      'Cannot reach the MCP upstream https://openapi-mcp.invalid: DNS lookup failed (host not found)',
    );
  });

  it('answers 502 naming a failed TLS handshake', async () => {
    stub = await startStub((_req, res) => void res.writeHead(200).end());
    gate = await startTestProxy(`https://127.0.0.1:${stub.port}`);
    const answer = await send(gate.proxy.url, { path: CUSTOM_MCP });
    expect(answer.status).toBe(502);
    expect(rpcError(answer).message).toMatch(/: TLS handshake failed/);
  });

  it('answers 502 when the upstream sends no headers in time', async () => {
    stub = await startStub(() => undefined);
    gate = await startTestProxy(stub.url, { timeouts: { headersMs: 200 } });
    const answer = await send(gate.proxy.url, { path: CUSTOM_MCP });
    expect(answer.status).toBe(502);
    expect(rpcError(answer).message).toContain('no response headers in time');
  });

  it('answers 502 when the upstream cuts a small answer of known length short', async () => {
    stub = await startStub((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"jsonrpc":"2.0","id":1,', () => setTimeout(() => req.socket.destroy(), 20));
    });
    gate = await startTestProxy(stub.url);
    const answer = await send(gate.proxy.url, { method: 'POST', path: CUSTOM_MCP, body: '{}' });
    expect(answer.status).toBe(502);
    expect(rpcError(answer).message).toMatch(
      new RegExp(
        `^Cannot reach the MCP upstream ${stub.url}: connection (closed|reset) by the upstream$`,
      ),
    );
    await eventually(() => gate.activity.length === 1);
    expect(gate.activity[0]).toMatchObject({ status: 502, outcome: 'upstream-error' });
  });
});

describe('answers larger than the inspect limit', () => {
  it('reach the client as they arrive, not once complete', async () => {
    let finish: () => void = () => undefined;
    stub = await startStub((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
      res.write('a'.repeat(2048));
      finish = () => res.end('b'.repeat(2048));
    });
    gate = await startTestProxy(stub.url, { limits: { inspectBytes: 1024 } });
    const url = new URL(gate.proxy.url);
    const received: string[] = [];
    const ended = new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, method: 'POST', path: CUSTOM_MCP, agent: false },
        (res) => {
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => received.push(chunk));
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    // the first half arrives while the upstream still holds back the second
    await eventually(() => received.join('').length === 2048);
    finish();
    expect(await ended).toBe(200);
    expect(received.join('')).toBe('a'.repeat(2048) + 'b'.repeat(2048));
  });
});
