import { afterEach, describe, expect, it } from 'vitest';
import { SignedOutError, TokenEndpointError } from '../../electron/core/errors';
import {
  CUSTOM_MCP,
  rpcError,
  send,
  startStub,
  startTestProxy,
  TestTokens,
  type Stub,
  type TestProxy,
} from './proxy-harness';

let stub: Stub;
let gate: TestProxy;

afterEach(async () => {
  await gate?.close();
  await stub?.close();
});

/** An upstream that accepts only the token `accepted()` names and echoes the body it got. */
async function strictUpstream(accepted: () => string): Promise<void> {
  stub = await startStub((req, res, got) => {
    if (req.headers.authorization !== `Bearer ${accepted()}`) {
      res.writeHead(401, {
        'www-authenticate': 'Bearer error="invalid_token"',
        'content-type': 'text/plain',
      });
      res.end('expired');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ echoed: got.body }));
  });
}

const BODY = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":{}}}';

describe('proxy token handling', () => {
  it('refreshes once after a 401 and retries with the new token and the same body', async () => {
    const tokens = new TestTokens();
    await strictUpstream(() => 't2-secret');
    gate = await startTestProxy(stub.url, { tokens });
    const answer = await send(gate.proxy.url, {
      method: 'POST',
      path: CUSTOM_MCP,
      headers: { 'content-type': 'application/json' },
      body: BODY,
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ echoed: BODY });
    expect(answer.headers['www-authenticate']).toBeUndefined();
    expect(tokens.refreshedFor).toEqual(['t1-secret']);
    expect(stub.received.map((r) => r.headers.authorization)).toEqual([
      'Bearer t1-secret',
      'Bearer t2-secret',
    ]);
    expect(stub.received.map((r) => r.body)).toEqual([BODY, BODY]);
    expect(gate.activity[0]).toMatchObject({
      status: 200,
      outcome: 'ok',
      rpcMethod: 'tools/call',
      tool: 'x',
    });
  });

  it('sends ten concurrent 401s to one refresh of the same token, and retries all with the new one', async () => {
    const tokens = new TestTokens();
    const held: (() => void)[] = [];
    stub = await startStub((req, res) => {
      if (req.headers.authorization === 'Bearer t1-secret') {
        // Answer the 401s only once all ten first attempts arrived, so they all carried t1.
        held.push(() => void res.writeHead(401).end());
        if (held.length === 10) for (const reject of held) reject();
        return;
      }
      res.writeHead(200).end('ok');
    });
    gate = await startTestProxy(stub.url, { tokens });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        send(gate.proxy.url, { method: 'POST', path: CUSTOM_MCP, body: BODY }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(tokens.refreshedFor).toEqual(Array(10).fill('t1-secret'));
    expect(tokens.current).toBe('t2-secret');
    const retries = stub.received.filter((r) => r.headers.authorization === 'Bearer t2-secret');
    expect(retries).toHaveLength(10);
  });

  it('answers 503 telling the user to sign in again when the retry is rejected too', async () => {
    stub = await startStub((_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="cloud"' }).end('no');
    });
    gate = await startTestProxy(stub.url);
    const answer = await send(gate.proxy.url, { method: 'POST', path: CUSTOM_MCP, body: BODY });
    expect(answer.status).toBe(503);
    expect(answer.headers['www-authenticate']).toBeUndefined();
    expect(rpcError(answer).message).toContain('mcp-gate login');
    expect(stub.received).toHaveLength(2);
    expect(gate.tokens.refreshedFor).toEqual(['t1-secret']);
    expect(gate.activity[0]).toMatchObject({ status: 503, outcome: 'signed-out' });
  });

  it('does not replay a body larger than inspectBytes: refreshes, then asks the client to send again', async () => {
    const tokens = new TestTokens();
    const big = `{"jsonrpc":"2.0","id":1,"method":"x","params":{"pad":"${'p'.repeat(4096)}"}}`;
    let calls = 0;
    stub = await startStub((_req, res) => {
      calls++;
      res.writeHead(401).end();
    });
    gate = await startTestProxy(stub.url, { tokens, limits: { inspectBytes: 1024 } });
    const answer = await send(gate.proxy.url, { method: 'POST', path: CUSTOM_MCP, body: big });
    expect(answer.status).toBe(503);
    expect(rpcError(answer).message).toContain('send it again');
    expect(calls).toBe(1);
    expect(tokens.refreshedFor).toEqual(['t1-secret']);
    expect(stub.received[0]?.body).toBe(big);
  });

  it('answers 503 with the sign-in message when signed out, without calling the upstream', async () => {
    stub = await startStub((_req, res) => void res.writeHead(200).end());
    const tokens = new TestTokens();
    tokens.failWith = new SignedOutError();
    gate = await startTestProxy(stub.url, { tokens });
    const answer = await send(gate.proxy.url, { method: 'POST', path: CUSTOM_MCP, body: BODY });
    expect(answer.status).toBe(503);
    expect(rpcError(answer).message).toBe(
      'Not signed in to Alibaba Cloud: sign in again with `mcp-gate login`.',
    );
    expect(stub.received).toHaveLength(0);
    expect(gate.activity[0]).toMatchObject({ status: 503, outcome: 'signed-out' });
  });

  it('answers 503 with the token endpoint error, without calling the upstream', async () => {
    stub = await startStub((_req, res) => void res.writeHead(200).end());
    const tokens = new TestTokens();
    tokens.failWith = new TokenEndpointError(
      'The Alibaba Cloud token endpoint answered 500: try again later.',
    );
    gate = await startTestProxy(stub.url, { tokens });
    const answer = await send(gate.proxy.url, { path: CUSTOM_MCP });
    expect(answer.status).toBe(503);
    expect(rpcError(answer).message).toBe(
      'The Alibaba Cloud token endpoint answered 500: try again later.',
    );
    expect(stub.received).toHaveLength(0);
  });
});
