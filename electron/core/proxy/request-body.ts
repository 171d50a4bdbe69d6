import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';

/** A request body read whole: complete, larger than the limit, or cut off by the client. */
export type BodyRead =
  | { readonly kind: 'complete'; readonly bytes: Buffer }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'aborted' };

/**
 * Reads a body (a client's request, or an upstream answer) of at most `limit` bytes; stops
 * reading (and pauses the stream) as soon as it grows past the limit, so a large body is never
 * held. A stream that closes or fails before its end is `aborted`.
 */
export function readBody(stream: Readable, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const done = (result: BodyRead): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onClose);
      stream.off('error', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      bytes += chunk.length;
      if (bytes > limit) {
        stream.pause();
        done({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => done({ kind: 'complete', bytes: Buffer.concat(chunks, bytes) });
    const onClose = (): void => done({ kind: 'aborted' });
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('close', onClose);
    stream.once('error', onClose);
  });
}

/** Limits that apply to one request body. */
export interface BodyLimits {
  /** Bytes kept for the JSON-RPC peek and for a replay after a 401. */
  readonly inspectBytes: number;
  /** Bytes after which the request is refused with 413. */
  readonly maxBodyBytes: number;
}

/**
 * The body length a request declares in `Content-Length`, or -1 (none, chunked, or not a
 * number). Node's parser has already refused a malformed or doubled `Content-Length`.
 */
export function declaredLength(req: IncomingMessage): number {
  const value = req.headers['content-length'];
  if (value === undefined || req.headers['transfer-encoding'] !== undefined) return -1;
  const length = Number(value);
  return Number.isSafeInteger(length) ? length : -1;
}

/** True when the request carries a body (a positive length or a transfer coding). */
export function requestHasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || declaredLength(req) > 0;
}

/**
 * Taps a client request body as it streams upstream: counts it, keeps its first
 * `inspectBytes`, and reports when it grows past `maxBodyBytes`. Never buffers more than
 * `inspectBytes`; the stream to the upstream keeps the client's backpressure.
 */
export class RequestBody {
  readonly #req: IncomingMessage;
  readonly #limits: BodyLimits;
  readonly #onTooLarge: () => void;
  readonly #kept: Buffer[] = [];
  #keptBytes = 0;
  #bytes = 0;
  #ended = false;
  #tooLarge = false;
  #pass: PassThrough | null = null;

  constructor(req: IncomingMessage, limits: BodyLimits, onTooLarge: () => void) {
    this.#req = req;
    this.#limits = limits;
    this.#onTooLarge = onTooLarge;
  }

  /** Bytes received from the client so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** True once the body passed `maxBodyBytes`. */
  get tooLarge(): boolean {
    return this.#tooLarge;
  }

  /** The first `inspectBytes` of the body, and whether that is the whole body. */
  prefix(): { readonly bytes: Buffer; readonly complete: boolean } {
    return {
      bytes: Buffer.concat(this.#kept),
      complete: this.#ended && this.#bytes <= this.#limits.inspectBytes,
    };
  }

  /** Starts reading the client body; returns the stream to send upstream (null when there is no body). */
  start(): Readable | null {
    if (!requestHasBody(this.#req)) {
      this.#ended = true;
      return null;
    }
    const pass = new PassThrough();
    this.#pass = pass;
    this.#req.on('data', (chunk: Buffer) => this.#onData(chunk));
    this.#req.once('end', () => {
      this.#ended = true;
    });
    // pipe, not pipeline: the upstream dropping the body must not destroy the client request.
    this.#req.pipe(pass);
    return pass;
  }

  /**
   * Stops feeding the first upstream attempt and waits for the rest of the body; resolves
   * with the whole body when it fits in `inspectBytes` (so it can be sent again), else null.
   */
  async replay(): Promise<Buffer | null> {
    if (this.#pass === null) return this.#ended ? Buffer.alloc(0) : null;
    this.#req.unpipe(this.#pass);
    this.#pass.destroy();
    if (!this.#ended && this.#bytes <= this.#limits.inspectBytes) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.#req.off('end', done);
          this.#req.off('close', done);
          this.#req.off('data', check);
          resolve();
        };
        const check = (): void => {
          if (this.#bytes > this.#limits.inspectBytes) done();
        };
        this.#req.on('end', done);
        this.#req.on('close', done);
        this.#req.on('data', check);
        this.#req.resume();
      });
    }
    if (!this.#ended || this.#bytes > this.#limits.inspectBytes) return null;
    return Buffer.concat(this.#kept);
  }

  #onData(chunk: Buffer): void {
    this.#bytes += chunk.length;
    const room = this.#limits.inspectBytes - this.#keptBytes;
    if (room > 0) {
      const kept = chunk.length <= room ? chunk : chunk.subarray(0, room);
      this.#kept.push(kept);
      this.#keptBytes += kept.length;
    }
    if (!this.#tooLarge && this.#bytes > this.#limits.maxBodyBytes) {
      this.#tooLarge = true;
      // Stop reading: the 413 closes the connection, the rest of the body is never wanted.
      this.#req.unpipe();
      this.#req.pause();
      this.#onTooLarge();
    }
  }
}
