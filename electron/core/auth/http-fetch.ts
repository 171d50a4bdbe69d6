import { fetch as undiciFetch } from 'undici';

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

/** undici's fetch, used when no fetch is injected. */
export const defaultFetch: FetchFn = (url, init) => undiciFetch(url, init);

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
