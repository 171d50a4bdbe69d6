import { Transform, type TransformCallback } from 'node:stream';
import { CR, ENDPOINT_NEEDLE, indexOfNeedle, isTerminator, LF } from './sse-scan';

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

/** Longest `event:` line that is held back to learn the event type. */
const MAX_EVENT_LINE = 64;
/** Longest endpoint `data:` line that is held back to be rewritten; longer ones pass as they are. */
const MAX_DATA_LINE = 16 * 1024;
/** The two lines that start an `endpoint` event (an SSE reader drops one space after the colon). */
const ENDPOINT_LINES = [Buffer.from('event: endpoint'), Buffer.from('event:endpoint')] as const;
const LONGEST_ENDPOINT_LINE = ENDPOINT_LINES[0].length;

function isPrefixIn(bytes: Buffer, start: number, end: number, word: Buffer): boolean {
  if (end - start > word.length) return false;
  for (let i = start; i < end; i++) if (bytes[i] !== word[i - start]) return false;
  return true;
}

/** `bytes[start..end)` could still become an `endpoint` event line. */
function mayBeEndpointLine(bytes: Buffer, start: number, end: number): boolean {
  for (const line of ENDPOINT_LINES) if (isPrefixIn(bytes, start, end, line)) return true;
  return false;
}

function isEndpointLine(bytes: Buffer, start: number, end: number): boolean {
  for (const line of ENDPOINT_LINES) {
    if (end - start === line.length && isPrefixIn(bytes, start, end, line)) return true;
  }
  return false;
}

/**
 * Index of the terminator of the first complete `endpoint` event line in `chunk[from..]`, or
 * -1; `lineStart` says whether `from` starts a line.
 */
function findEndpointLine(chunk: Buffer, from: number, lineStart: boolean): number {
  for (
    let at = indexOfNeedle(chunk, ENDPOINT_NEEDLE, from);
    at !== -1;
    at = indexOfNeedle(chunk, ENDPOINT_NEEDLE, at + 1)
  ) {
    const end = at + ENDPOINT_NEEDLE.bytes.length;
    if (end >= chunk.length) return -1;
    if (!isTerminator(chunk[end])) continue;
    for (const line of ENDPOINT_LINES) {
      const start = end - line.length;
      if (start < from || !isEndpointLine(chunk, start, end)) continue;
      if (start === from ? lineStart : isTerminator(chunk[start - 1])) return end;
    }
  }
  return -1;
}

/** Start of the unterminated last line of `chunk[from..]` when it may become an `endpoint` event line, else -1. */
function endpointLineTail(chunk: Buffer, from: number, lineStart: boolean): number {
  const low = Math.max(from, chunk.length - LONGEST_ENDPOINT_LINE);
  let start = chunk.length;
  while (start > low && !isTerminator(chunk[start - 1])) start--;
  if (start === chunk.length) return -1;
  const atLine = start > from ? isTerminator(chunk[start - 1]) : lineStart;
  return atLine && mayBeEndpointLine(chunk, start, chunk.length) ? start : -1;
}

function startsWith(bytes: Buffer, prefix: string): boolean {
  return bytes.length >= prefix.length && bytes.toString('latin1', 0, prefix.length) === prefix;
}

function isPrefixOf(bytes: Buffer, word: string): boolean {
  return bytes.length < word.length && word.startsWith(bytes.toString('latin1'));
}

function lineEnd(chunk: Buffer, from: number): number {
  for (let i = from; i < chunk.length; i++) {
    if (isTerminator(chunk[i])) return i;
  }
  return -1;
}

/**
 * Streams an SSE body through unchanged except for the `data:` of `endpoint` events, which
 * `rewriteEndpointUrl` points at the proxy. Outside an `endpoint` event it only searches the
 * bytes for an `event: endpoint` line and passes each chunk on as it is, holding back at most
 * an unterminated line that may still become one; inside the event it works line by line
 * (LF, CR or CRLF), holding back only an incomplete line that may need rewriting.
 */
export class SseEndpointRewrite extends Transform {
  readonly #rewrite: EndpointRewrite;
  /** Start of a line, cut by a chunk edge, that may still be `event: endpoint`. */
  #carry: Buffer | null = null;
  /** The last chunk ended with a line terminator (or none came yet). */
  #atLineStart = true;
  #endpointEvent = false;
  // inside an endpoint event: the incomplete line held back, or passed on as it comes
  #held: Buffer[] = [];
  #heldBytes = 0;
  #passing = false;
  #skipLf = false;

  constructor(rewrite: EndpointRewrite) {
    super();
    this.#rewrite = rewrite;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const out: Buffer[] = [];
    if (chunk.length > 0) {
      this.#scan(chunk, out);
      this.#atLineStart = isTerminator(chunk[chunk.length - 1]);
    }
    callback(null, out.length <= 1 ? out[0] : Buffer.concat(out));
  }

  override _flush(callback: TransformCallback): void {
    const rest = this.#carry ?? this.#takeHeld(Buffer.alloc(0));
    this.#carry = null;
    callback(null, rest.length === 0 ? undefined : rest);
  }

  #scan(chunk: Buffer, out: Buffer[]): void {
    let i = 0;
    let lineStart = this.#atLineStart;
    if (this.#carry !== null) {
      i = this.#afterCarry(this.#carry, chunk, out);
      if (i === -1) return;
      lineStart = false;
    }
    while (i < chunk.length) {
      if (this.#endpointEvent) {
        i = this.#endpointLines(chunk, i, out);
        lineStart = true;
        continue;
      }
      const end = findEndpointLine(chunk, i, lineStart);
      if (end === -1) {
        this.#passRest(chunk, i, lineStart, out);
        return;
      }
      out.push(chunk.subarray(i, end + 1));
      this.#enterEndpointEvent(chunk[end] === CR);
      i = end + 1;
    }
  }

  /** Passes `chunk[from..]` on, keeping back an unterminated last line that may be `event: endpoint`. */
  #passRest(chunk: Buffer, from: number, lineStart: boolean, out: Buffer[]): void {
    const tail = endpointLineTail(chunk, from, lineStart);
    const end = tail === -1 ? chunk.length : tail;
    if (from === 0 && end === chunk.length) out.push(chunk);
    else if (end > from) out.push(chunk.subarray(from, end));
    if (tail !== -1) this.#carry = Buffer.from(chunk.subarray(tail));
  }

  /**
   * Finishes the held line start with the head of `chunk`: -1 when the chunk only extends it,
   * else where to go on in `chunk` (0, mid-line, or just after an `endpoint` event line).
   */
  #afterCarry(carry: Buffer, chunk: Buffer, out: Buffer[]): number {
    const head = Buffer.concat([
      carry,
      chunk.subarray(0, LONGEST_ENDPOINT_LINE + 1 - carry.length),
    ]);
    let end = carry.length;
    while (end < head.length && !isTerminator(head[end])) end++;
    if (end === head.length && mayBeEndpointLine(head, 0, end)) {
      this.#carry = head;
      return -1;
    }
    this.#carry = null;
    out.push(carry);
    if (end === head.length || !isEndpointLine(head, 0, end)) return 0;
    const terminator = end - carry.length;
    out.push(chunk.subarray(0, terminator + 1));
    this.#enterEndpointEvent(chunk[terminator] === CR);
    return terminator + 1;
  }

  #enterEndpointEvent(afterCr: boolean): void {
    this.#endpointEvent = true;
    this.#skipLf = afterCr;
    this.#passing = false;
  }

  /** Handles the lines of an endpoint event; returns where the event ended, or the chunk's end. */
  #endpointLines(chunk: Buffer, from: number, out: Buffer[]): number {
    let i = from;
    while (i < chunk.length) {
      if (this.#skipLf) {
        this.#skipLf = false;
        if (chunk[i] === LF) {
          out.push(chunk.subarray(i, i + 1));
          i++;
          continue;
        }
      }
      if (!this.#endpointEvent) return i;
      const end = lineEnd(chunk, i);
      if (end === -1) {
        const rest = chunk.subarray(i);
        if (this.#passing) out.push(rest);
        else this.#holdOrPass(rest, out);
        return chunk.length;
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
    return i;
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
