import { badResponse, CLOSED_EARLY, UpstreamError } from './upstream-error';

/** The final (status >= 200) head of an answer. */
export interface ResponseHead {
  readonly statusCode: number;
  /** Lower-case names; a repeated field becomes an array. */
  readonly headers: Record<string, string | string[]>;
  /** Whether the connection may carry another request once this answer's body has ended. */
  readonly keepAlive: boolean;
}

/** Where a parser delivers an answer, in order: one head, its body chunks, one end. */
export interface ResponseEvents {
  onHead(head: ResponseHead): void;
  onBody(chunk: Buffer): void;
  onEnd(): void;
}

/** Largest accepted response head (status line and fields), and likewise for trailers. */
export const MAX_HEAD_BYTES = 64 * 1024;
const MAX_CHUNK_LINE_BYTES = 4096;
const MAX_CHUNK_SIZE = 2 ** 48;

const IDLE = 0;
const HEAD = 1;
const LENGTH = 2;
const UNTIL_CLOSE = 3;
const CHUNK_SIZE = 4;
const CHUNK_EXTENSION = 5;
const CHUNK_SIZE_LF = 6;
const CHUNK_DATA = 7;
const CHUNK_DATA_CR = 8;
const CHUNK_DATA_LF = 9;
const TRAILERS = 10;

const HTAB = 9;
const LF = 10;
const CR = 13;
const SP = 32;
const COLON = 58;
const SEMICOLON = 59;

/** 1 for the bytes of an RFC 9110 token (a field name). */
const TOKEN = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
  TOKEN[c.charCodeAt(0)] = 1;
}
/** The value of a hex digit byte, else -1. */
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX['0123456789abcdef'.charCodeAt(i)] = i;
  HEX['0123456789ABCDEF'.charCodeAt(i)] = i;
}

const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: [^\0\r]*)?$/;
const DIGITS = /^\d+$/;

/**
 * An incremental HTTP/1.1 response parser for one connection (RFC 9112): skips 1xx answers,
 * parses the head and delivers the body as framed by HEAD/204/304, chunked transfer coding,
 * content-length or the end of the connection. Throws an `UpstreamError` on malformed input.
 */
export class ResponseParser {
  private readonly events: ResponseEvents;
  private state = IDLE;
  /** The answer is to a HEAD request: no body whatever its fields say. */
  private headOnly = false;
  /** The bytes of a head that has not ended yet. */
  private pending: Buffer | null = null;
  /** How far `pending` was searched for the end of the head. */
  private scanned = 0;
  /** Body bytes left (content-length), or bytes of the current chunk. */
  private remaining = 0;
  private digits = 0;
  /** Bytes of the current chunk-size or trailer line. */
  private lineBytes = 0;
  /** The first byte of the current trailer line. */
  private lineFirst = 0;
  private trailerBytes = 0;

  constructor(events: ResponseEvents) {
    this.events = events;
  }

  /** Expects the answer to a request with this method. */
  start(method: string): void {
    this.state = HEAD;
    this.headOnly = method === 'HEAD';
    this.pending = null;
    this.scanned = 0;
  }

  /** True once the answer has ended (or before the first `start`). */
  get done(): boolean {
    return this.state === IDLE;
  }

  /** Body bytes still to come: exact for content-length, Infinity until close, -1 if unknown. */
  remainingBytes(): number {
    if (this.state === LENGTH) return this.remaining;
    if (this.state === UNTIL_CLOSE) return Infinity;
    return this.state === IDLE ? 0 : -1;
  }

  /** Parses the next bytes; returns how many belong to the answer (any rest follows its end). */
  execute(data: Buffer): number {
    const end = data.length;
    let pos = 0;
    while (pos < end) {
      switch (this.state) {
        case HEAD:
          pos = this.readHead(data, pos);
          break;
        case LENGTH:
        case CHUNK_DATA: {
          const n = Math.min(this.remaining, end - pos);
          const chunk = n === end ? data : data.subarray(pos, pos + n);
          pos += n;
          this.remaining -= n;
          const last = this.remaining === 0 && this.state === LENGTH;
          if (this.remaining === 0) this.state = last ? IDLE : CHUNK_DATA_CR;
          this.events.onBody(chunk);
          if (last) this.events.onEnd();
          break;
        }
        case UNTIL_CLOSE:
          this.events.onBody(pos === 0 ? data : data.subarray(pos));
          pos = end;
          break;
        case CHUNK_SIZE:
          pos = this.readChunkSize(data, pos);
          break;
        case CHUNK_EXTENSION:
          pos = this.skipChunkExtension(data, pos);
          break;
        case CHUNK_SIZE_LF:
          if (data[pos] !== LF) throw badResponse('chunk size line not ended by CRLF');
          pos++;
          this.lineBytes = 0;
          this.trailerBytes = 0;
          this.state = this.remaining === 0 ? TRAILERS : CHUNK_DATA;
          break;
        case CHUNK_DATA_CR:
          if (data[pos] !== CR) throw badResponse('chunk data longer than its size');
          pos++;
          this.state = CHUNK_DATA_LF;
          break;
        case CHUNK_DATA_LF:
          if (data[pos] !== LF) throw badResponse('chunk data not followed by CRLF');
          pos++;
          this.digits = 0;
          this.lineBytes = 0;
          this.state = CHUNK_SIZE;
          break;
        case TRAILERS:
          pos = this.skipTrailers(data, pos);
          break;
        default:
          return pos;
      }
    }
    return pos;
  }

  /** The connection has closed: ends a body read until close, else throws `UPSTREAM_CLOSED`. */
  finish(): void {
    if (this.state === UNTIL_CLOSE) {
      this.state = IDLE;
      this.events.onEnd();
    } else if (this.state !== IDLE) {
      throw new UpstreamError('UPSTREAM_CLOSED', CLOSED_EARLY);
    }
  }

  private readHead(data: Buffer, pos: number): number {
    const pending = this.pending;
    // a head split across reads is rare: join the parts (pending is only set at pos 0)
    const buf = pending === null ? data : Buffer.concat([pending, data]);
    const start = pending === null ? pos : 0;
    const headEnd = findHeadEnd(buf, pending === null ? pos : this.scanned);
    if (headEnd === -1 ? buf.length - start > MAX_HEAD_BYTES : headEnd - start > MAX_HEAD_BYTES) {
      throw badResponse(`response head larger than ${MAX_HEAD_BYTES / 1024} KiB`);
    }
    if (headEnd === -1) {
      this.pending = start === 0 ? buf : buf.subarray(start);
      this.scanned = Math.max(0, this.pending.length - 3);
      return data.length;
    }
    this.pending = null;
    this.parseHead(buf, start, headEnd);
    return pending === null ? headEnd : headEnd - pending.length;
  }

  private parseHead(buf: Buffer, start: number, end: number): void {
    let lineEnd = buf.indexOf(LF, start);
    const statusLine = buf.toString('latin1', start, withoutCR(buf, start, lineEnd));
    const match = STATUS_LINE.exec(statusLine);
    const statusCode = Number(match?.[2]);
    if (match === null || statusCode < 100) {
      throw badResponse(`invalid status line ${JSON.stringify(statusLine.slice(0, 80))}`);
    }
    const headers = Object.create(null) as Record<string, string | string[]>;
    let transferEncoding: string | null = null;
    let contentLength: string | null = null;
    let connection = '';
    for (let pos = lineEnd + 1; pos < end; pos = lineEnd + 1) {
      lineEnd = buf.indexOf(LF, pos);
      const stop = withoutCR(buf, pos, lineEnd);
      if (stop === pos) break;
      if (buf[pos] === SP || buf[pos] === HTAB) {
        throw badResponse('obsolete line folding in a header field');
      }
      let colon = pos;
      while (colon < stop && TOKEN[buf[colon] ?? 0] === 1) colon++;
      if (colon === pos || buf[colon] !== COLON) {
        throw badResponse(
          `invalid header field line ${JSON.stringify(buf.toString('latin1', pos, Math.min(stop, pos + 80)))}`,
        );
      }
      let from = colon + 1;
      let to = stop;
      while (from < to && isSpace(buf[from])) from++;
      while (to > from && isSpace(buf[to - 1])) to--;
      const name = buf.toString('latin1', pos, colon).toLowerCase();
      for (let i = from; i < to; i++) {
        if (buf[i] === 0 || buf[i] === CR) {
          throw badResponse(`NUL or CR in the value of header field "${name}"`);
        }
      }
      const value = buf.toString('latin1', from, to);
      const previous = headers[name];
      if (previous === undefined) headers[name] = value;
      else if (typeof previous === 'string') headers[name] = [previous, value];
      else previous.push(value);
      if (name === 'transfer-encoding') {
        transferEncoding = transferEncoding === null ? value : `${transferEncoding},${value}`;
      } else if (name === 'content-length') {
        contentLength = contentLength === null ? value : `${contentLength},${value}`;
      } else if (name === 'connection') {
        connection = `${connection},${value}`;
      }
    }
    if (statusCode < 200) {
      // an interim answer (100 Continue, 103 Early Hints): the final head follows
      if (statusCode === 101) throw badResponse('101 Switching Protocols without an upgrade');
      return;
    }
    const http10 = match[1] === '0';
    let keepAlive = http10 ? hasToken(connection, 'keep-alive') : !hasToken(connection, 'close');
    if (this.headOnly || statusCode === 204 || statusCode === 304) {
      this.state = IDLE;
    } else if (transferEncoding !== null) {
      // RFC 9112 §6.3: chunked wins over content-length; the connection is then suspect
      if (lastCoding(transferEncoding) === 'chunked') {
        this.state = CHUNK_SIZE;
        this.remaining = 0;
        this.digits = 0;
        this.lineBytes = 0;
        if (contentLength !== null || http10) keepAlive = false;
      } else {
        this.state = UNTIL_CLOSE;
        keepAlive = false;
      }
    } else if (contentLength !== null) {
      this.remaining = parseContentLength(contentLength);
      this.state = this.remaining === 0 ? IDLE : LENGTH;
    } else {
      this.state = UNTIL_CLOSE;
      keepAlive = false;
    }
    this.events.onHead({ statusCode, headers, keepAlive });
    if (this.state === IDLE) this.events.onEnd();
  }

  private readChunkSize(data: Buffer, pos: number): number {
    for (; pos < data.length; pos++) {
      const byte = data[pos] ?? 0;
      const value = HEX[byte] ?? -1;
      if (value < 0) {
        if (this.digits === 0) throw badResponse('invalid chunk size');
        if (byte === CR) this.state = CHUNK_SIZE_LF;
        else if (byte === SEMICOLON || byte === SP || byte === HTAB) this.state = CHUNK_EXTENSION;
        else throw badResponse('invalid chunk size');
        return pos + 1;
      }
      if (this.remaining >= MAX_CHUNK_SIZE) throw badResponse('chunk size too large');
      if (++this.lineBytes > MAX_CHUNK_LINE_BYTES) throw badResponse('chunk size line too long');
      this.remaining = this.remaining * 16 + value;
      this.digits++;
    }
    return pos;
  }

  /** Chunk extensions are ignored (RFC 9112 §7.1.1). */
  private skipChunkExtension(data: Buffer, pos: number): number {
    for (; pos < data.length; pos++) {
      const byte = data[pos];
      if (byte === CR) {
        this.state = CHUNK_SIZE_LF;
        return pos + 1;
      }
      if (byte === LF || byte === 0) throw badResponse('LF or NUL in a chunk extension');
      if (++this.lineBytes > MAX_CHUNK_LINE_BYTES) throw badResponse('chunk extension too long');
    }
    return pos;
  }

  /** Trailer fields are read and dropped, up to the empty line. */
  private skipTrailers(data: Buffer, pos: number): number {
    while (pos < data.length) {
      const lf = data.indexOf(LF, pos);
      const stop = lf === -1 ? data.length : lf;
      if (this.lineBytes === 0 && stop > pos) this.lineFirst = data[pos] ?? 0;
      this.lineBytes += stop - pos;
      this.trailerBytes += stop - pos + 1;
      if (this.trailerBytes > MAX_HEAD_BYTES) {
        throw badResponse(`trailer fields larger than ${MAX_HEAD_BYTES / 1024} KiB`);
      }
      if (lf === -1) return data.length;
      pos = lf + 1;
      const empty = this.lineBytes === 0 || (this.lineBytes === 1 && this.lineFirst === CR);
      this.lineBytes = 0;
      if (empty) {
        this.state = IDLE;
        this.events.onEnd();
        return pos;
      }
    }
    return pos;
  }
}

/** Seconds from a `Keep-Alive: timeout=N` field, or null. */
export function keepAliveTimeoutSeconds(
  field: string | readonly string[] | undefined,
): number | null {
  if (field === undefined) return null;
  const match = /(?:^|[,;\s])timeout\s*=\s*"?(\d+)/i.exec(
    typeof field === 'string' ? field : field.join(','),
  );
  return match === null ? null : Number(match[1]);
}

/** The index just past the empty line that ends a head (CRLF or a bare LF), or -1. */
function findHeadEnd(buf: Buffer, from: number): number {
  for (let lf = buf.indexOf(LF, from); lf !== -1; lf = buf.indexOf(LF, lf + 1)) {
    const next = buf[lf + 1];
    if (next === LF) return lf + 2;
    if (next === CR && buf[lf + 2] === LF) return lf + 3;
  }
  return -1;
}

/** The end of the line `start..lf` without its CR. */
function withoutCR(buf: Buffer, start: number, lf: number): number {
  return lf > start && buf[lf - 1] === CR ? lf - 1 : lf;
}

function isSpace(byte: number | undefined): boolean {
  return byte === SP || byte === HTAB;
}

/** Whether a comma-separated field value lists the token (case-insensitive). */
function hasToken(list: string, token: string): boolean {
  return list !== '' && list.split(',').some((t) => t.trim().toLowerCase() === token);
}

function lastCoding(transferEncoding: string): string {
  const codings = transferEncoding.split(',');
  return (codings[codings.length - 1] ?? '').trim().toLowerCase();
}

/** One length from the `content-length` values, which must all be the same number. */
function parseContentLength(values: string): number {
  const list = DIGITS.test(values) ? [values] : values.split(',').map((v) => v.trim());
  const first = list[0] ?? '';
  if (!list.every((v) => DIGITS.test(v))) {
    throw badResponse(`content-length ${JSON.stringify(values.slice(0, 80))} is not a number`);
  }
  if (list.some((v) => Number(v) !== Number(first))) {
    throw badResponse(`several differing content-length values (${values.slice(0, 80)})`);
  }
  const length = Number(first);
  if (!Number.isSafeInteger(length)) throw badResponse(`content-length ${first} too large`);
  return length;
}
