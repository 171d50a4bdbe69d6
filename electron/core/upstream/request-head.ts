import type { UpstreamRequest } from './upstream-types';
import { UpstreamError } from './upstream-error';

/** A serialised request head and how its body is framed. */
export interface RequestHead {
  /** The head in latin1, up to and including the empty line. */
  readonly text: string;
  /** A streamed body goes out in chunked transfer coding. */
  readonly chunked: boolean;
  /** The body length declared in `content-length`, or -1. */
  readonly length: number;
}

/** Fields the client writes itself: the caller's values for them are dropped. */
const OWN_FIELDS: ReadonlySet<string> = new Set([
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
]);
/** Methods that always declare a body length, even an empty one. */
const METHODS_WITH_BODY: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const TARGET = /^(?:\/[\x21-\xff]*|\*)$/;
const UNSAFE_VALUE = /[\0\r\n\u0100-\uffff]/;
const DIGITS = /^\d+$/;

/**
 * The head of `req` for `host` (RFC 9112 §3): request line, host, the caller's fields and the
 * body framing. Throws `UPSTREAM_INVALID_REQUEST` for anything that could split the head
 * (CR, LF or NUL: header injection) before a byte is written.
 */
export function serializeRequestHead(req: UpstreamRequest, host: string): RequestHead {
  const { method, path, headers, body } = req;
  if (!TOKEN.test(method)) throw invalid(`method ${JSON.stringify(method)} is not an HTTP token`);
  if (!TARGET.test(path)) {
    throw invalid(
      `path ${JSON.stringify(path)} must start with "/" and hold no space, CR, LF, NUL or other control character`,
    );
  }
  let text = `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\n`;
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined || OWN_FIELDS.has(name.toLowerCase())) continue;
    if (!TOKEN.test(name))
      throw invalid(`header name ${JSON.stringify(name)} is not an HTTP token`);
    if (typeof value === 'string') {
      text += field(name, value);
    } else {
      for (const item of value) text += field(name, item);
    }
  }
  if (body === null || Buffer.isBuffer(body)) {
    const length = body === null ? 0 : body.length;
    if (length > 0 || METHODS_WITH_BODY.has(method)) text += `content-length: ${length}\r\n`;
    return { text: `${text}\r\n`, chunked: false, length };
  }
  const declared = headers['content-length'];
  if (declared === undefined) {
    return { text: `${text}transfer-encoding: chunked\r\n\r\n`, chunked: true, length: -1 };
  }
  const value = typeof declared === 'string' ? declared : declared.join(',');
  if (!DIGITS.test(value) || !Number.isSafeInteger(Number(value))) {
    throw invalid(`content-length ${JSON.stringify(value)} is not a number`);
  }
  return { text: `${text}content-length: ${value}\r\n\r\n`, chunked: false, length: Number(value) };
}

function field(name: string, value: string): string {
  if (UNSAFE_VALUE.test(value)) {
    throw invalid(
      `header "${name}" has a value with CR, LF, NUL or a character above U+00FF (header injection)`,
    );
  }
  return `${name}: ${value}\r\n`;
}

function invalid(what: string): UpstreamError {
  return new UpstreamError('UPSTREAM_INVALID_REQUEST', `Invalid upstream request: ${what}.`);
}
