import {
  request as httpRequest,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import type { ActivityEntry } from '../../shared/activity';
import { EMPTY_RULES, type ServerRules } from '../../shared/server-rules';
import type { AccessTokenSource } from '../../electron/core/auth/types';
import { createLogger } from '../../electron/core/logger';
import { startProxy, type RunningProxy } from '../../electron/core/proxy/proxy-server';
import type { ProxyOptions } from '../../electron/core/proxy/proxy-options';

/** A token source that hands out `t1-secret`, `t2-secret`… and records every refresh. */
export class TestTokens implements AccessTokenSource {
  #n = 1;
  readonly refreshedFor: string[] = [];
  getCalls = 0;
  failWith: Error | null = null;

  get current(): string {
    return `t${this.#n}-secret`;
  }

  async getAccessToken(): Promise<string> {
    this.getCalls++;
    if (this.failWith !== null) throw this.failWith;
    return this.current;
  }

  async refreshAfterRejection(rejected: string): Promise<string> {
    this.refreshedFor.push(rejected);
    if (this.failWith !== null) throw this.failWith;
    if (rejected === this.current) this.#n++;
    return this.current;
  }
}

/** What an upstream stub received. */
export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP server on 127.0.0.1:0 that records requests and tracks its sockets. */
export interface Stub {
  readonly server: Server;
  readonly url: string;
  readonly port: number;
  readonly received: Received[];
  connections(): Promise<number>;
  close(): Promise<void>;
}

/** Starts an upstream stub; `handler` runs after the request body was read unless `streaming`. */
export async function startStub(
  handler: (req: IncomingMessage, res: ServerResponse, received: Received) => void,
  options: { readonly streaming?: boolean; readonly maxHeaderSize?: number } = {},
): Promise<Stub> {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const server = createServer({ maxHeaderSize: options.maxHeaderSize ?? 16 * 1024 }, (req, res) => {
    const entry: Received = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: '',
    };
    received.push(entry);
    if (options.streaming === true) {
      handler(req, res, entry);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      entry.body = Buffer.concat(chunks).toString();
      handler(req, res, entry);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    connections: () =>
      new Promise((resolve, reject) =>
        server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      ),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

/** A proxy under test with its log lines and activity entries captured. */
export interface TestProxy {
  readonly proxy: RunningProxy;
  readonly tokens: TestTokens;
  readonly logText: string[];
  readonly activity: ActivityEntry[];
  logs(): { level: number; msg: string; [key: string]: unknown }[];
  close(): Promise<void>;
}

/** Starts the proxy in front of `upstreamUrl` on 127.0.0.1:0 with a capturing logger and sink. */
export async function startTestProxy(
  upstreamUrl: string,
  overrides: Partial<Omit<ProxyOptions, 'upstreamUrl' | 'logger' | 'activity'>> = {},
): Promise<TestProxy> {
  const logText: string[] = [];
  const activity: ActivityEntry[] = [];
  const tokens = overrides.tokens instanceof TestTokens ? overrides.tokens : new TestTokens();
  const rules: ServerRules = EMPTY_RULES;
  const proxy = await startProxy({
    port: 0,
    rules: () => rules,
    ...overrides,
    tokens,
    upstreamUrl,
    logger: createLogger({
      level: 'debug',
      destination: { write: (line: string) => void logText.push(line) },
    }),
    activity: { append: (entry) => void activity.push(entry) },
  });
  return {
    proxy,
    tokens,
    logText,
    activity,
    logs: () => logText.map((line) => JSON.parse(line) as { level: number; msg: string }),
    close: () => proxy.close(),
  };
}

/** A complete HTTP answer as a client saw it. */
export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Sends one request with node:http (no keep-alive) and reads the whole answer. */
export function send(
  baseUrl: string,
  options: {
    readonly method?: string;
    readonly path: string;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: string | Buffer;
  },
): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { ...options.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A `tools/call` body whose arguments are padded with `padBytes` characters. */
export function paddedToolCall(id: number, tool: string, padBytes: number): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name: tool, arguments: { pad: 'p'.repeat(padBytes) } },
  });
}

/** POSTs a JSON body to the demo server's MCP path. */
export function postJson(baseUrl: string, body: string): Promise<Answer> {
  return send(baseUrl, {
    method: 'POST',
    path: CUSTOM_MCP,
    headers: { 'content-type': 'application/json' },
    body,
  });
}

/** Parses a JSON-RPC error body. */
export function rpcError(answer: Answer): { code: number; message: string } {
  const parsed = JSON.parse(answer.body) as {
    jsonrpc: string;
    id: null;
    error: { code: number; message: string };
  };
  if (parsed.jsonrpc !== '2.0' || parsed.id !== null)
    throw new Error(`not a JSON-RPC error: ${answer.body}`);
  return parsed.error;
}

/** Waits until `check` is true, polling; the test timeout bounds it. */
export async function eventually(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}

export const CUSTOM_MCP = '/accounts/1234/custom/demo/id/abc123/mcp';
export const CUSTOM_SSE = '/accounts/1234/custom/demo/id/abc123/sse';
