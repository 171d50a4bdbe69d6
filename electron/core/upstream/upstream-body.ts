import { Readable } from 'node:stream';

/** The connection an answer body reads from. */
export interface BodySource {
  /** The reader wants more bytes. */
  resume(): void;
  /** The body was destroyed before its end. */
  abandon(body: UpstreamBody): void;
  /** Body bytes still to come: exact, Infinity (until close) or -1 (unknown). */
  remainingBytes(): number;
}

/** How much of a body `dump()` reads to save the connection; beyond it the connection is closed. */
const DUMP_LIMIT = 128 * 1024;

/** An upstream answer's body: Buffer chunks as they arrive, ending exactly where the answer ends. */
export class UpstreamBody extends Readable {
  private source: BodySource | null;

  constructor(source: BodySource | null) {
    super();
    this.source = source;
  }

  override _read(): void {
    this.source?.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const source = this.source;
    this.source = null;
    source?.abandon(this);
    // destroyed before anyone read it (e.g. a malformed chunk in the head's packet): the caller
    // gets the body a microtask later, so wait a turn for its listeners (as undici does)
    if (this.readableFlowing === null) setImmediate(callback, error);
    else callback(error);
  }

  /** The answer has ended: no more chunks. */
  complete(): void {
    this.source = null;
    this.push(null);
  }

  /** The answer failed before its end. */
  fail(error: Error): void {
    this.source = null;
    // a body nobody reads must not crash the process; listeners still get the error
    this.on('error', ignore);
    this.destroy(error);
  }

  /**
   * Discards the rest of the body. Reads at most 128 KiB of it to keep the connection;
   * a longer (or until-close) rest closes the connection instead. Never rejects.
   */
  dump(): Promise<void> {
    if (this.destroyed || this.readableEnded) return Promise.resolve();
    const remaining = this.source?.remainingBytes() ?? 0;
    if (remaining > DUMP_LIMIT) {
      this.destroy();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      let read = 0;
      this.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > DUMP_LIMIT) this.destroy();
      });
      this.on('error', ignore);
      this.once('close', resolve);
      this.resume();
    });
  }
}

function ignore(): void {
  // errors of a body being discarded, or failed before anyone listened
}
