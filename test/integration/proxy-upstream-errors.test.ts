import { afterEach, describe, expect, it } from 'vitest';
import {
  CUSTOM_MCP,
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
});
