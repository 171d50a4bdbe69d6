import { Transform, type TransformCallback } from 'node:stream';

/** Where the legacy SSE `endpoint` event's URL points, and where it should point instead. */
export interface EndpointRewrite {
  /** Origin of the upstream, e.g. `https://openapi-mcp.cn-hangzhou.aliyuncs.com`. */
  readonly upstreamOrigin: string;
  /** Path prefix of the upstream URL without trailing slash, or ''. */
  readonly upstreamPathPrefix: string;
  /** Origin of the proxy as the client reached it, e.g. `http://127.0.0.1:8088`. */
  readonly proxyOrigin: string;
}

/** Points an absolute endpoint URL on the upstream at the proxy, keeping path and query; anything else is unchanged. */
export function rewriteEndpointUrl(value: string, rewrite: EndpointRewrite): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value;
  }
  if (url.origin !== rewrite.upstreamOrigin) return value;
  const prefix = rewrite.upstreamPathPrefix;
  let path = url.pathname;
  if (prefix !== '' && (path === prefix || path.startsWith(prefix + '/'))) {
    path = path.slice(prefix.length) || '/';
  }
  return rewrite.proxyOrigin + path + url.search + url.hash;
}

const CR = 0x0d;
const LF = 0x0a;
/** Longest `event:` line that is held back to learn the event type. */
const MAX_EVENT_LINE = 64;
/** Longest endpoint `data:` line that is held back to be rewritten; longer ones pass as they are. */
const MAX_DATA_LINE = 16 * 1024;

function startsWith(bytes: Buffer, prefix: string): boolean {
  return bytes.length >= prefix.length && bytes.toString('latin1', 0, prefix.length) === prefix;
}

function isPrefixOf(bytes: Buffer, word: string): boolean {
  return bytes.length < word.length && word.startsWith(bytes.toString('latin1'));
}

function lineEnd(chunk: Buffer, from: number): number {
  for (let i = from; i < chunk.length; i++) {
    const b = chunk[i];
    if (b === CR || b === LF) return i;
  }
  return -1;
}

/**
 * Streams an SSE body through unchanged except for the `data:` of `endpoint` events, which
 * `rewriteEndpointUrl` points at the proxy. Works line by line across chunk boundaries
 * (LF, CR or CRLF); holds back only an incomplete line that may need rewriting.
 */
export class SseEndpointRewrite extends Transform {
  readonly #rewrite: EndpointRewrite;
  #held: Buffer[] = [];
  #heldBytes = 0;
  #passing = false;
  #skipLf = false;
  #endpointEvent = false;

  constructor(rewrite: EndpointRewrite) {
    super();
    this.#rewrite = rewrite;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const out: Buffer[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.#skipLf) {
        this.#skipLf = false;
        if (chunk[i] === LF) {
          out.push(chunk.subarray(i, i + 1));
          i++;
          continue;
        }
      }
      const end = lineEnd(chunk, i);
      if (end === -1) {
        const rest = chunk.subarray(i);
        if (this.#passing) out.push(rest);
        else this.#holdOrPass(rest, out);
        break;
      }
      const piece = chunk.subarray(i, end);
      if (this.#passing) out.push(piece);
      else out.push(this.#line(this.#takeHeld(piece)));
      this.#passing = false;
      if (chunk[end] === CR && end + 1 < chunk.length && chunk[end + 1] === LF) {
        out.push(chunk.subarray(end, end + 2));
        i = end + 2;
      } else {
        out.push(chunk.subarray(end, end + 1));
        this.#skipLf = chunk[end] === CR;
        i = end + 1;
      }
    }
    callback(null, out.length === 0 ? undefined : Buffer.concat(out));
  }

  override _flush(callback: TransformCallback): void {
    const rest = this.#takeHeld(Buffer.alloc(0));
    callback(null, rest.length === 0 ? undefined : rest);
  }

  #takeHeld(piece: Buffer): Buffer {
    if (this.#heldBytes === 0) return piece;
    const line = Buffer.concat([...this.#held, piece]);
    this.#held = [];
    this.#heldBytes = 0;
    return line;
  }

  /** Keeps an incomplete line while it may still need rewriting; otherwise lets it go. */
  #holdOrPass(piece: Buffer, out: Buffer[]): void {
    this.#held.push(piece);
    this.#heldBytes += piece.length;
    const soFar = this.#held.length === 1 ? piece : Buffer.concat(this.#held);
    if (this.#mustHold(soFar)) return;
    if (startsWith(soFar, 'event:')) this.#endpointEvent = false;
    out.push(this.#takeHeld(Buffer.alloc(0)));
    this.#passing = true;
  }

  #mustHold(soFar: Buffer): boolean {
    if (isPrefixOf(soFar, 'event:') || isPrefixOf(soFar, 'data:')) return true;
    if (startsWith(soFar, 'event:')) return soFar.length <= MAX_EVENT_LINE;
    if (startsWith(soFar, 'data:')) return this.#endpointEvent && soFar.length <= MAX_DATA_LINE;
    return false;
  }

  /** Handles one complete line (without its terminator) and returns what to send. */
  #line(line: Buffer): Buffer {
    if (line.length === 0) {
      this.#endpointEvent = false;
      return line;
    }
    const text = line.toString('utf8');
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let valueStart = colon === -1 ? text.length : colon + 1;
    if (text[valueStart] === ' ') valueStart++;
    const value = text.slice(valueStart);
    if (field === 'event') this.#endpointEvent = value === 'endpoint';
    if (field !== 'data' || !this.#endpointEvent) return line;
    const rewritten = rewriteEndpointUrl(value, this.#rewrite);
    return rewritten === value ? line : Buffer.from(text.slice(0, valueStart) + rewritten);
  }
}
