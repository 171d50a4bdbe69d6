import { afterEach, describe, expect, it } from 'vitest';
import { buildServerRules } from '../../shared/server-rules';
import type { LocalRoute } from '../../electron/core/proxy/proxy-server';
import {
  CUSTOM_MCP,
  eventually,
  paddedToolCall,
  postJson,
  rpcError,
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

async function echoUpstream(): Promise<void> {
  stub = await startStub((_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      'set-cookie': 'session=upstream',
      'www-authenticate': 'Bearer resource_metadata="https://cloud.example.com"',
      'x-upstream': 'yes',
      connection: 'x-hop',
      'x-hop': 'secret-hop',
    });
    res.end('{"jsonrpc":"2.0","id":1,"result":{}}');
  });
}

describe('proxy forwarding', () => {
  it('forwards path and query with the proxy token and only end-to-end client headers', async () => {
    await echoUpstream();
    gate = await startTestProxy(stub.url);
    const answer = await send(gate.proxy.url, {
      method: 'POST',
      path: `${CUSTOM_MCP}?a=1&b=two`,
      headers: {
        authorization: 'Bearer client-supplied',
        cookie: 'sid=browser',
        'x-mcp-gate-key': 'local-key',
        connection: 'keep-alive, x-drop-me',
        'x-drop-me': '1',
        'keep-alive': 'timeout=5',
        'proxy-authorization': 'Basic eA==',
        te: 'trailers',
        'mcp-session-id': 'sess-1',
        'mcp-protocol-version': '2025-06-18',
        'last-event-id': '9',
        accept: 'application/json, text/event-stream',
        'content-type': 'application/json',
        'x-custom': 'kept',
      },
      body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
    });

    expect(answer.status).toBe(200);
    const got = stub.received[0];
    expect(got?.url).toBe(`${CUSTOM_MCP}?a=1&b=two`);
    expect(got?.body).toBe('{"jsonrpc":"2.0","id":1,"method":"tools/list"}');
    expect(got?.headers).toMatchObject({
      authorization: 'Bearer t1-secret',
      host: `127.0.0.1:${stub.port}`,
      'mcp-session-id': 'sess-1',
      'mcp-protocol-version': '2025-06-18',
      'last-event-id': '9',
      accept: 'application/json, text/event-stream',
      'content-type': 'application/json',
      'x-custom': 'kept',
    });
    for (const name of [
      'cookie',
      'x-mcp-gate-key',
      'x-drop-me',
      'keep-alive',
      'proxy-authorization',
      'te',
    ]) {
      expect(got?.headers[name], name).toBeUndefined();
    }

    expect(answer.headers['set-cookie']).toBeUndefined();
    expect(answer.headers['www-authenticate']).toBeUndefined();
    expect(answer.headers['x-hop']).toBeUndefined();
    expect(answer.headers['x-upstream']).toBe('yes');
    expect(JSON.stringify(answer)).not.toContain('t1-secret');
    expect(gate.logText.join('\n')).not.toContain('t1-secret');
    expect(JSON.stringify(gate.activity)).not.toContain('t1-secret');
  });

  it('appends the request path to an upstream URL with a path prefix', async () => {
    await echoUpstream();
    gate = await startTestProxy(`${stub.url}/gateway/`);
    await send(gate.proxy.url, { path: `${CUSTOM_MCP}?x=1` });
    expect(stub.received[0]?.url).toBe(`/gateway${CUSTOM_MCP}?x=1`);
  });

  it.each(['evil.example.com', 'evil.localhost', 'localhost.evil.com', 'evil.example.com:8088'])(
    'refuses Host %s with 403 and never calls the upstream',
    async (host) => {
      await echoUpstream();
      gate = await startTestProxy(stub.url);
      const answer = await send(gate.proxy.url, { path: CUSTOM_MCP, headers: { host } });
      expect(answer.status).toBe(403);
      expect(rpcError(answer).message).toContain('DNS rebinding');
      expect(stub.received).toHaveLength(0);
    },
  );

  it.each(['localhost', `localhost:1`, '127.0.0.1', '[::1]:9'])('accepts Host %s', async (host) => {
    await echoUpstream();
    gate = await startTestProxy(stub.url);
    const answer = await send(gate.proxy.url, { path: CUSTOM_MCP, headers: { host } });
    expect(answer.status).toBe(200);
  });

  it('refuses a browser Origin that is not allowed, and accepts allowed or absent ones', async () => {
    await echoUpstream();
    gate = await startTestProxy(stub.url, { allowedOrigins: ['http://localhost:5173'] });
    const refused = await send(gate.proxy.url, {
      path: CUSTOM_MCP,
      headers: { origin: 'https://evil.example.com' },
    });
    expect(refused.status).toBe(403);
    expect(rpcError(refused).message).toContain('origin');
    expect(stub.received).toHaveLength(0);

    const allowed = await send(gate.proxy.url, {
      path: CUSTOM_MCP,
      headers: { origin: 'http://localhost:5173' },
    });
    expect(allowed.status).toBe(200);
    const none = await send(gate.proxy.url, { path: CUSTOM_MCP });
    expect(none.status).toBe(200);
  });

  it.each([
    '/accounts/../x',
    '/accounts/1234/custom/demo/id/abc123/%2e%2e/mcp',
    '/accounts/1234/custom/demo%2Fx/id/abc123/mcp',
    '/accounts/1234/custom/demo/id/abc123/.%2E/mcp',
    '/accounts\\1234',
  ])('refuses the path %s with a 400 JSON-RPC error', async (path) => {
    await echoUpstream();
    gate = await startTestProxy(stub.url);
    const answer = await send(gate.proxy.url, { path });
    expect(answer.status).toBe(400);
    expect(rpcError(answer).message).toMatch(/^Bad request path/);
    expect(stub.received).toHaveLength(0);
  });

  it('collapses // before matching rules and forwards the normalised path', async () => {
    await echoUpstream();
    gate = await startTestProxy(stub.url, { rules: () => buildServerRules(undefined, 'demo') });
    const blocked = await send(gate.proxy.url, {
      path: '//accounts//1234/custom/demo/id/abc123//mcp',
    });
    expect(blocked.status).toBe(403);

    await gate.close();
    gate = await startTestProxy(stub.url);
    const passed = await send(gate.proxy.url, {
      path: '//accounts//1234/custom/demo/id/abc123//mcp?q=1',
    });
    expect(passed.status).toBe(200);
    expect(stub.received[0]?.url).toBe(`${CUSTOM_MCP}?q=1`);
  });

  it('blocks with 403 naming the rule, and logs exactly one warn line without query or headers', async () => {
    await echoUpstream();
    let rules = buildServerRules(undefined, 'ram,demo');
    gate = await startTestProxy(stub.url, { rules: () => rules });
    const answer = await send(gate.proxy.url, {
      method: 'POST',
      path: `${CUSTOM_MCP}?secret=query`,
      headers: { authorization: 'Bearer client-secret', 'content-type': 'application/json' },
      body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
    });
    expect(answer.status).toBe(403);
    expect(rpcError(answer).message).toContain('blocked by rule "demo" in --blocked-servers');
    expect(stub.received).toHaveLength(0);

    const warns = gate.logs().filter((l) => l.level === 40);
    expect(warns).toHaveLength(1);
    expect(warns[0]).toMatchObject({ path: CUSTOM_MCP, rule: 'demo', list: 'blocked' });
    const text = gate.logText.join('\n');
    expect(text).not.toContain('secret=query');
    expect(text).not.toContain('client-secret');

    rules = buildServerRules('other', undefined);
    const notAllowed = await send(gate.proxy.url, { path: CUSTOM_MCP });
    expect(notAllowed.status).toBe(403);
    expect(rpcError(notAllowed).message).toContain('not in --allowed-servers');
    expect(gate.logs().filter((l) => l.level === 40)).toHaveLength(2);
  });

  it.each([400, 404, 405, 500])('passes an upstream %i through unchanged', async (status) => {
    stub = await startStub((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/plain', 'x-why': 'because' });
      res.end(`upstream said ${status}`);
    });
    gate = await startTestProxy(stub.url);
    const answer = await send(gate.proxy.url, { method: 'POST', path: CUSTOM_MCP, body: '{}' });
    expect(answer).toMatchObject({ status, body: `upstream said ${status}` });
    expect(answer.headers['x-why']).toBe('because');
  });

  it('passes DELETE and its answer through', async () => {
    stub = await startStub((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    gate = await startTestProxy(stub.url);
    const answer = await send(gate.proxy.url, {
      method: 'DELETE',
      path: CUSTOM_MCP,
      headers: { 'mcp-session-id': 'sess-9' },
    });
    expect(answer.status).toBe(204);
    expect(stub.received[0]).toMatchObject({ method: 'DELETE', url: CUSTOM_MCP });
    expect(stub.received[0]?.headers['mcp-session-id']).toBe('sess-9');
  });

  it('writes one activity entry per request, with the tool but not the arguments', async () => {
    await echoUpstream();
    const health: LocalRoute = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    };
    gate = await startTestProxy(stub.url, {
      rules: () => buildServerRules(undefined, '/accounts/1234/custom/blocked'),
      localRoutes: new Map([['/health', health]]),
      now: (() => {
        let t = Date.parse('2025-01-01T00:00:00.000Z');
        return () => (t += 5);
      })(),
    });
    const body =
      '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"Ecs-20140526-DescribeInstances","arguments":{"RegionId":"cn-private"}}}';
    await send(gate.proxy.url, {
      method: 'POST',
      path: `${CUSTOM_MCP}?q=hidden`,
      headers: { 'content-type': 'application/json' },
      body,
    });
    await send(gate.proxy.url, { path: '/accounts/1234/custom/blocked/id/b1/mcp' });
    const local = await send(gate.proxy.url, { path: '/health' });
    expect(local.body).toBe('{"ok":true}');
    const localRefused = await send(gate.proxy.url, {
      path: '/health',
      headers: { host: 'evil.example.com' },
    });
    expect(localRefused.status).toBe(403);

    await new Promise((resolve) => setImmediate(resolve));
    expect(gate.activity).toHaveLength(3);
    expect(gate.activity[0]).toEqual({
      time: '2025-01-01T00:00:00.005Z',
      client: null,
      account: '1234',
      server: 'demo',
      serverId: 'abc123',
      method: 'POST',
      path: CUSTOM_MCP,
      rpcMethod: 'tools/call',
      tool: 'Ecs-20140526-DescribeInstances',
      status: 200,
      durationMs: expect.any(Number),
      bytesIn: Buffer.byteLength(body),
      bytesOut: '{"jsonrpc":"2.0","id":1,"result":{}}'.length,
      outcome: 'ok',
      reason: null,
    });
    expect(gate.activity[1]).toMatchObject({
      server: 'blocked',
      serverId: 'b1',
      status: 403,
      outcome: 'blocked',
      reason: expect.stringContaining('--blocked-servers'),
    });
    expect(gate.activity[2]).toMatchObject({ path: '/health', status: 403, outcome: 'rejected' });
    expect(JSON.stringify(gate.activity)).not.toContain('cn-private');
    expect(JSON.stringify(gate.activity)).not.toContain('hidden');
  });

  it('counts a body larger than the inspect limit as it streams upstream, without a peek', async () => {
    await echoUpstream();
    gate = await startTestProxy(stub.url, { limits: { inspectBytes: 64 } });
    const body = paddedToolCall(4, 'Ecs-20140526-DescribeInstances', 1000);
    const answer = await postJson(gate.proxy.url, body);
    expect(answer.status).toBe(200);
    expect(stub.received.at(-1)?.body).toBe(body);
    await eventually(() => gate.activity.length === 1);
    expect(gate.activity[0]).toMatchObject({
      bytesIn: Buffer.byteLength(body),
      rpcMethod: null,
      tool: null,
      outcome: 'ok',
    });
  });
});
