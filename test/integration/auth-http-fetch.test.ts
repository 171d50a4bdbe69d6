import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeServer, listenOnLoopback, readBody } from '../fixtures/local-cloud/http-util';
import {
  defaultFetch,
  describeNetworkError,
  isTimeout,
  readBodyText,
  type FetchInit,
} from '../../electron/core/auth/http-fetch';

let server: Server;
let origin: string;
let handle: (req: IncomingMessage, res: ServerResponse, body: string) => void;
let connections: number;

beforeEach(async () => {
  connections = 0;
  handle = (_req, res) => res.end('{}');
  server = createServer((req, res) => {
    void readBody(req).then((body) => handle(req, res, body));
  });
  server.on('connection', () => connections++);
  origin = `http://127.0.0.1:${await listenOnLoopback(server)}`;
});
afterEach(() => closeServer(server));

function init(overrides: Partial<FetchInit> = {}): FetchInit {
  return {
    method: 'GET',
    headers: {},
    signal: AbortSignal.timeout(5_000),
    redirect: 'manual',
    ...overrides,
  };
}

describe('defaultFetch (node:http)', () => {
  it('posts the body with its length and headers, and answers status, headers and body', async () => {
    let seen: { method?: string; headers?: IncomingMessage['headers']; body?: string } = {};
    handle = (req, res, body) => {
      seen = { method: req.method ?? '', headers: req.headers, body };
      res.writeHead(201, { 'content-type': 'application/json', 'x-twice': ['a', 'b'] });
      res.end('{"ok":true}');
    };
    const response = await defaultFetch(
      `${origin}/v1/token`,
      init({
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=refresh_token&x=é',
      }),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('Content-Type')).toBe('application/json');
    expect(response.headers.get('x-twice')).toBe('a, b');
    expect(response.headers.get('x-missing')).toBeNull();
    expect(await readBodyText(response)).toBe('{"ok":true}');
    expect(seen.method).toBe('POST');
    expect(seen.body).toBe('grant_type=refresh_token&x=é');
    expect(seen.headers?.['content-length']).toBe(String(Buffer.byteLength(seen.body ?? '')));
    expect(seen.headers?.['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen.headers?.['user-agent']).toMatch(/^mcp-gate\//);
  });

  it('never follows a redirect', async () => {
    handle = (_req, res) => {
      res.writeHead(302, { location: '/elsewhere' });
      res.end();
    };
    const response = await defaultFetch(`${origin}/v1/token`, init());
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/elsewhere');
  });

  it('fails like fetch when nothing listens: a TypeError naming the socket error', async () => {
    const closed = origin;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server = createServer();
    const error = await defaultFetch(`${closed}/`, init()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(describeNetworkError(error)).toBe('ECONNREFUSED');
  });

  it('rejects with the timeout of its signal, waiting for the head or the body', async () => {
    handle = () => undefined;
    const head = await defaultFetch(`${origin}/`, init({ signal: AbortSignal.timeout(50) })).catch(
      (e: unknown) => e,
    );
    expect(isTimeout(head)).toBe(true);

    handle = (_req, res) => {
      res.writeHead(200);
      res.write('{"partial":');
    };
    const response = await defaultFetch(`${origin}/`, init({ signal: AbortSignal.timeout(100) }));
    const body = await readBodyText(response).catch((e: unknown) => e);
    expect(isTimeout(body)).toBe(true);
  });

  it('rejects at once for a signal already aborted, without connecting', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    await expect(defaultFetch(`${origin}/`, init({ signal: controller.signal }))).rejects.toThrow(
      'stopped',
    );
    expect(connections).toBe(0);
  });

  it('keeps the connection for the next request once a body was read', async () => {
    await readBodyText(await defaultFetch(`${origin}/a`, init()));
    await readBodyText(await defaultFetch(`${origin}/b`, init()));
    expect(connections).toBe(1);
  });

  it('refuses a URL that is not http or https', async () => {
    const error = await defaultFetch('ftp://127.0.0.1/', init()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
  });
});
