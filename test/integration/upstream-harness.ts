import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { afterEach } from 'vitest';
import {
  createUpstreamClient,
  type UpstreamClient,
  type UpstreamClientOptions,
} from '../../electron/core/upstream';

/** A server on 127.0.0.1:0 that remembers every connection it accepted. */
export interface TestServer {
  readonly origin: string;
  readonly port: number;
  /** Server-side sockets, in the order they were accepted. */
  readonly sockets: readonly Socket[];
  /** Sockets accepted and not yet closed. */
  open(): number;
  close(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs `cleanup` after the current test, last registered first. */
export function onCleanup(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

function track(
  server: Server | ReturnType<typeof createNetServer>,
  scheme: string,
): Promise<TestServer> {
  const sockets: Socket[] = [];
  const live = new Set<Socket>();
  server.on(scheme === 'https' ? 'secureConnection' : 'connection', (socket: Socket) => {
    socket.on('error', () => undefined);
    sockets.push(socket);
    live.add(socket);
    socket.once('close', () => live.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      const close = async (): Promise<void> => {
        for (const socket of live) socket.destroy();
        if (server.listening) await new Promise((done) => server.close(done));
      };
      onCleanup(close);
      resolve({
        origin: `${scheme}://127.0.0.1:${port}`,
        port,
        sockets,
        open: () => live.size,
        close,
      });
    });
  });
}

/** Starts a node:http server (stopped after the test). */
export function startHttp(handler: RequestListener, configure?: (server: Server) => void) {
  const server = createHttpServer(handler);
  configure?.(server);
  return track(server, 'http');
}

/** Starts an https-like server from a `node:https` or `node:tls` instance (stopped after the test). */
export function startSecure(server: Server) {
  return track(server, 'https');
}

/** Starts a raw TCP server that hands each socket (and its index) to `onSocket`. */
export function startRaw(onSocket: (socket: Socket, index: number) => void) {
  let index = 0;
  const server = createNetServer((socket) => {
    socket.on('error', () => undefined);
    onSocket(socket, index++);
  });
  return track(server, 'http');
}

/** A client for `origin` with short timeouts (destroyed after the test). */
export function clientFor(
  origin: string,
  options: Partial<UpstreamClientOptions> = {},
): UpstreamClient {
  const client = createUpstreamClient({
    origin,
    connectTimeoutMs: 2000,
    headersTimeoutMs: 5000,
    ...options,
  });
  onCleanup(() => client.destroy());
  return client;
}

/** Reads a stream to its end. */
export async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** What a promise rejected with (fails if it resolved). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}

/** Waits until the socket has closed. */
export async function closed(socket: Socket | undefined): Promise<void> {
  if (socket === undefined) throw new Error('no such socket');
  if (!socket.closed) await new Promise((resolve) => socket.once('close', resolve));
}

/** Polls `condition` every 5 ms until it holds, failing after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Calls `onRequest` with each request head a raw socket receives (bodies: content-length only). */
export function onRequests(socket: Socket, onRequest: (head: string, index: number) => void) {
  let buffered = '';
  let index = 0;
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    for (let end = buffered.indexOf('\r\n\r\n'); end !== -1; end = buffered.indexOf('\r\n\r\n')) {
      if (socket.destroyed) return;
      const head = buffered.slice(0, end);
      const length = /\r\ncontent-length: (\d+)/i.exec(head);
      const total = end + 4 + Number(length?.[1] ?? 0);
      if (buffered.length < total) return;
      buffered = buffered.slice(total);
      onRequest(head, index++);
    }
  });
}
