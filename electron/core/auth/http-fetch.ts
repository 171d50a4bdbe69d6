import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { VERSION } from '../version';

/** The part of a fetch Response the auth code reads; the global fetch and undici's both fit. */
export interface FetchResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: AsyncIterable<Uint8Array> | null;
}

/** The request options the auth code passes to fetch. */
export interface FetchInit {
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal: AbortSignal;
  readonly redirect: 'manual';
}

/** A fetch function, injected so tests and the proxy can choose the transport. */
export type FetchFn = (url: string, init: FetchInit) => Promise<FetchResponse>;

/**
 * The fetch used when none is injected: one request over node:http / node:https (which honour
 * NODE_EXTRA_CA_CERTS), never following redirects, failing the way fetch fails (a TypeError whose
 * `cause` is the socket error; the signal's reason on abort). Not the global fetch: its first use
 * loads Node's bundled undici and compiles its WebAssembly parser, which leaves `mcp-gate proxy`
 * several MB larger for two small OAuth requests.
 */
export const defaultFetch: FetchFn = async (url, init) => {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new TypeError('fetch failed', {
      cause: new Error(`unsupported protocol ${target.protocol}`),
    });
  }
  // TLS is loaded only for an https URL
  const send = target.protocol === 'https:' ? (await import('node:https')).request : httpRequest;
  const { signal } = init;
  signal.throwIfAborted();
  const body = init.body === undefined ? undefined : Buffer.from(init.body, 'utf8');
  const options: RequestOptions = {
    method: init.method,
    headers: {
      'user-agent': `mcp-gate/${VERSION}`,
      ...init.headers,
      ...(body === undefined ? {} : { 'content-length': String(body.byteLength) }),
    },
  };
  return new Promise((resolve, reject) => {
    let response: IncomingMessage | null = null;
    const onAbort = (): void => {
      request.destroy();
      response?.destroy(signal.reason as Error);
      reject(signal.reason);
    };
    const done = (): void => signal.removeEventListener('abort', onAbort);
    const request = send(target, options, (res) => {
      response = res;
      res.once('close', done);
      resolve({
        status: res.statusCode ?? 0,
        headers: { get: (name) => headerValue(res, name) },
        body: bodyOf(res, signal),
      });
    });
    // `on`, not `once`: an error after the first must not go unhandled
    request.on('error', (error) => {
      done();
      reject(signal.aborted ? signal.reason : new TypeError('fetch failed', { cause: error }));
    });
    signal.addEventListener('abort', onAbort, { once: true });
    request.end(body);
  });
};

function headerValue(res: IncomingMessage, name: string): string | null {
  const value = res.headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The response body; a broken connection fails as fetch's does, and a reader that stops early frees it. */
async function* bodyOf(res: IncomingMessage, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of res) yield chunk as Buffer;
  } catch (error) {
    throw signal.aborted ? signal.reason : new TypeError('terminated', { cause: error });
  } finally {
    res.destroy();
  }
}

/** Thrown by readBodyText when a body is larger than the limit. */
export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads a response body as UTF-8 text, at most `limit` bytes (OAuth answers are small). */
export async function readBodyText(response: FetchResponse, limit = 256 * 1024): Promise<string> {
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** True when `error` is the abort caused by an AbortSignal.timeout. */
export function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

/** A short description of a network failure (e.g. `ECONNREFUSED`), without any request data. */
export function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = cause instanceof Error && 'code' in cause ? cause.code : undefined;
  if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
  return error instanceof Error && error.name !== 'Error' ? error.name : 'network error';
}
