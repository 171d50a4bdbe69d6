import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeUpstreamError } from '../../electron/core/proxy/upstream-error';
import {
  createTestCertificates,
  type TestCertificates,
} from '../fixtures/local-cloud/test-certificates';
import { must } from '../stand-ins/must';
import {
  clientFor,
  closed,
  readAll,
  rejection,
  startHttp,
  startRaw,
  startSecure,
  until,
} from './upstream-harness';

const GET = { method: 'GET', path: '/', headers: {}, body: null } as const;

describe('upstream client: aborting', () => {
  it('rejects at once, without connecting, when the signal is already aborted', async () => {
    const server = await startHttp((_req, res) => res.end());
    const error = await rejection(
      clientFor(server.origin).request({ ...GET, signal: AbortSignal.abort() }),
    );
    expect(error.name).toBe('AbortError');
    await sleep(50);
    expect(server.sockets).toHaveLength(0);
  });

  it('rejects with AbortError and closes the connection when aborted before the head', async () => {
    const server = await startHttp(() => undefined);
    const controller = new AbortController();
    const answer = clientFor(server.origin).request({ ...GET, signal: controller.signal });
    await until(() => server.sockets.length === 1);
    await sleep(20);
    controller.abort();
    const error = await rejection(answer);
    expect(error.name).toBe('AbortError');
    expect(error.message).toBe('the upstream request was aborted');
    await closed(server.sockets[0]);
  });

  it('rejects a queued request when aborted, and keeps serving the others', async () => {
    const server = await startHttp(async (req, res) => {
      await sleep(30);
      res.end(req.url);
    });
    const client = clientFor(server.origin, { maxSockets: 1 });
    const controller = new AbortController();
    const first = client.request({ ...GET, path: '/first' });
    const queued = client.request({ ...GET, path: '/queued', signal: controller.signal });
    const third = client.request({ ...GET, path: '/third' });
    controller.abort();
    expect((await rejection(queued)).name).toBe('AbortError');
    expect((await readAll((await first).body)).toString()).toBe('/first');
    expect((await readAll((await third).body)).toString()).toBe('/third');
    expect(server.sockets).toHaveLength(1);
  });

  it('rejects with AbortError and closes the connection when aborted while connecting', async () => {
    const silent = await startRaw((socket) => socket.resume());
    const controller = new AbortController();
    const answer = clientFor(`https://127.0.0.1:${silent.port}`).request({
      ...GET,
      signal: controller.signal,
    });
    await until(() => silent.sockets.length === 1);
    controller.abort();
    expect((await rejection(answer)).name).toBe('AbortError');
    await closed(silent.sockets[0]);
  });

  it('errors the body with AbortError and closes the connection when aborted during the body', async () => {
    const server = await startHttp((_req, res) => res.write('partial'));
    const controller = new AbortController();
    const response = await clientFor(server.origin).request({ ...GET, signal: controller.signal });
    const reading = readAll(response.body);
    await sleep(20);
    controller.abort();
    expect((await rejection(reading)).name).toBe('AbortError');
    await closed(server.sockets[0]);
  });

  it('no longer listens to the signal once the answer has ended', async () => {
    const server = await startHttp((_req, res) => res.end('ok'));
    const controller = new AbortController();
    const client = clientFor(server.origin);
    const response = await client.request({ ...GET, signal: controller.signal });
    expect((await readAll(response.body)).toString()).toBe('ok');
    controller.abort();
    await sleep(20);
    expect(server.open()).toBe(1);
  });
});

describe('upstream client: timeouts and connection errors', () => {
  it('fails with UND_ERR_CONNECT_TIMEOUT when the connection (TLS handshake) does not complete', async () => {
    const silent = await startRaw((socket) => socket.resume());
    const error = await rejection(
      clientFor(`https://127.0.0.1:${silent.port}`, { connectTimeoutMs: 100 }).request(GET),
    );
    expect(error.code).toBe('UND_ERR_CONNECT_TIMEOUT');
    expect(describeUpstreamError(error)).toBe('connection timed out');
    await closed(silent.sockets[0]);
  });

  it('fails with UND_ERR_HEADERS_TIMEOUT when no head arrives in time, and closes the connection', async () => {
    const server = await startHttp(() => undefined);
    const started = Date.now();
    const error = await rejection(clientFor(server.origin, { headersTimeoutMs: 100 }).request(GET));
    expect(error.code).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(describeUpstreamError(error)).toBe('no response headers in time');
    await closed(server.sockets[0]);
  });

  it('has no body timeout: a slow body after the head still arrives', async () => {
    const server = await startHttp((_req, res) => {
      res.writeHead(200);
      res.write('a');
      setTimeout(() => res.end('b'), 300);
    });
    const response = await clientFor(server.origin, { headersTimeoutMs: 100 }).request(GET);
    expect((await readAll(response.body)).toString()).toBe('ab');
  });

  it('keeps node’s code for a refused connection', async () => {
    const server = await startHttp(() => undefined);
    await server.close();
    const error = await rejection(clientFor(server.origin).request(GET));
    expect(error.code).toBe('ECONNREFUSED');
    expect(describeUpstreamError(error)).toBe('connection refused');
  });
});

describe('upstream client: https', () => {
  let certificates: TestCertificates;

  beforeAll(async () => {
    certificates = await createTestCertificates();
  });

  afterAll(async () => {
    await certificates.remove();
  });

  async function startTls() {
    const seen: { alpn: string | false | null; servername: string | false | null }[] = [];
    const server = await startSecure(
      createHttpsServer(
        { key: certificates.serverKeyPem, cert: certificates.serverCertPem },
        (req, res) => {
          const socket = req.socket as TLSSocket;
          seen.push({ alpn: socket.alpnProtocol, servername: socket.servername });
          res.end('secure');
        },
      ),
    );
    return { server, seen };
  }

  it('talks HTTP/1.1 over TLS to an upstream whose CA it is given, on one connection', async () => {
    const { server, seen } = await startTls();
    const client = clientFor(server.origin, { tls: { ca: certificates.caCertPem } });
    for (let i = 0; i < 2; i++) {
      expect((await readAll((await client.request(GET)).body)).toString()).toBe('secure');
    }
    expect(server.sockets).toHaveLength(1);
    // no SNI for an IP literal
    expect(seen).toEqual([
      { alpn: 'http/1.1', servername: false },
      { alpn: 'http/1.1', servername: false },
    ]);
  });

  it('sends the host name as SNI', async () => {
    const { server, seen } = await startTls();
    const client = clientFor(`https://localhost:${server.port}`, {
      tls: { ca: certificates.caCertPem },
    });
    expect((await readAll((await client.request(GET)).body)).toString()).toBe('secure');
    expect(seen).toEqual([{ alpn: 'http/1.1', servername: 'localhost' }]);
  });

  it('refuses an upstream whose certificate it does not trust', async () => {
    const { server } = await startTls();
    const error = await rejection(clientFor(server.origin).request(GET));
    const code = must(error.code ?? (error.cause as { code?: string } | undefined)?.code, 'code');
    expect(code).toMatch(/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/);
    expect(describeUpstreamError(error)).toMatch(/^TLS certificate not trusted/);
  });
});

describe('upstream client: close and destroy', () => {
  it('close() lets a request in flight finish, closes idle connections, then refuses requests', async () => {
    const server = await startHttp(async (req, res) => {
      if (req.url === '/slow') await sleep(50);
      res.end(req.url);
    });
    const client = clientFor(server.origin, { maxSockets: 2 });
    await (await client.request({ ...GET, path: '/idle' })).body.dump();
    const slow = client.request({ ...GET, path: '/slow' });
    await until(() => server.sockets.length === 1 && server.open() === 1);
    const closing = client.close();
    await closing;
    expect((await readAll((await slow).body)).toString()).toBe('/slow');
    await until(() => server.open() === 0);
    const error = await rejection(client.request(GET));
    expect(error.code).toBe('UND_ERR_CLOSED');
  });

  it('close() waits for a body still being read', async () => {
    const server = await startHttp((_req, res) => {
      res.write('a');
      setTimeout(() => res.end('b'), 50);
    });
    const client = clientFor(server.origin);
    const response = await client.request(GET);
    let closedAt = 0;
    const closing = client.close().then(() => (closedAt = Date.now()));
    const body = await readAll(response.body);
    await closing;
    expect(body.toString()).toBe('ab');
    expect(closedAt).toBeGreaterThan(0);
    await closed(server.sockets[0]);
  });

  it('destroy() fails requests and bodies in flight, then refuses requests', async () => {
    const server = await startHttp((req, res) => {
      if (req.url === '/body') res.write('partial');
    });
    const client = clientFor(server.origin, { maxSockets: 1 });
    const response = await client.request({ ...GET, path: '/body' });
    const reading = readAll(response.body);
    const queued = rejection(client.request({ ...GET, path: '/queued' }));
    const failedBody = rejection(reading);
    await client.destroy();
    expect(await failedBody).toMatchObject({ code: 'UND_ERR_DESTROYED' });
    expect(await queued).toMatchObject({ code: 'UND_ERR_DESTROYED' });
    expect(await rejection(client.request(GET))).toMatchObject({ code: 'UND_ERR_DESTROYED' });
    await closed(server.sockets[0]);
  });
});
