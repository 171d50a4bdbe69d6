import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../electron/core/errors';
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

let stub: Stub;
let gate: TestProxy;
let other: TestProxy | undefined;

afterEach(async () => {
  await other?.close();
  other = undefined;
  await gate?.close();
  await stub?.close();
});

async function okUpstream(): Promise<void> {
  stub = await startStub((_req, res) => void res.writeHead(200).end('ok'));
}

describe('proxy limits', () => {
  it('answers 431 to oversized request headers, before the upstream', async () => {
    await okUpstream();
    gate = await startTestProxy(stub.url, { limits: { maxHeaderBytes: 8 * 1024 } });
    const answer = await send(gate.proxy.url, {
      path: CUSTOM_MCP,
      headers: { 'x-big': 'h'.repeat(16 * 1024) },
    });
    expect(answer.status).toBe(431);
    expect(rpcError(answer).message).toContain('too large');
    expect(stub.received).toHaveLength(0);
  });

  it('uses 32 KiB as the default header limit', async () => {
    stub = await startStub((_req, res) => void res.writeHead(200).end('ok'), {
      maxHeaderSize: 64 * 1024,
    });
    gate = await startTestProxy(stub.url);
    expect(
      (
        await send(gate.proxy.url, {
          path: CUSTOM_MCP,
          headers: { 'x-big': 'h'.repeat(20 * 1024) },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await send(gate.proxy.url, {
          path: CUSTOM_MCP,
          headers: { 'x-big': 'h'.repeat(40 * 1024) },
        })
      ).status,
    ).toBe(431);
  });

  it('answers 413 to a declared body over the limit without calling the upstream', async () => {
    await okUpstream();
    gate = await startTestProxy(stub.url, { limits: { maxBodyBytes: 1024 } });
    const answer = await send(gate.proxy.url, {
      method: 'POST',
      path: CUSTOM_MCP,
      body: 'b'.repeat(2048),
    });
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe('close');
    expect(rpcError(answer).message).toContain('larger than 1024 bytes');
    expect(stub.received).toHaveLength(0);
    expect(gate.tokens.getCalls).toBe(0);
  });

  it('answers 413 to a chunked body that grows over the limit; the upstream never gets it whole', async () => {
    let upstreamGotWholeBody = false;
    stub = await startStub(
      (req, res) => {
        req.resume();
        req.on('end', () => {
          upstreamGotWholeBody = true;
          res.writeHead(200).end('complete');
        });
      },
      { streaming: true },
    );
    gate = await startTestProxy(stub.url, { limits: { maxBodyBytes: 64 * 1024 } });
    const url = new URL(gate.proxy.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, method: 'POST', path: CUSTOM_MCP, agent: false },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
      });
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      let sent = 0;
      const pump = (): void => {
        while (sent < 200 && !req.destroyed) {
          sent++;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
    expect(status).toBe(413);
    // Either the upstream call never started, or it was cut: the upstream never sees a whole body.
    await eventually(async () => (await stub.connections()) === 0);
    expect(upstreamGotWholeBody).toBe(false);
    await eventually(() => gate.activity.length === 1);
    expect(gate.activity[0]).toMatchObject({ status: 413, outcome: 'rejected' });
  });

  it('refuses to start on a port in use with a UserError naming the fix', async () => {
    await okUpstream();
    gate = await startTestProxy(stub.url);
    const error: unknown = await startTestProxy(stub.url, { port: gate.proxy.port }).then(
      (p) => {
        other = p;
        return null;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('proxy-port-in-use');
    expect((error as UserError).message).toContain(`Port ${gate.proxy.port}`);
    expect((error as UserError).message).toContain('--port');
  });

  it('refuses an address it cannot bind with a UserError', async () => {
    await okUpstream();
    const error: unknown = await startTestProxy(stub.url, { host: '192.0.2.1' }).then(
      (p) => {
        other = p;
        return null;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('proxy-bind');
  });
});
