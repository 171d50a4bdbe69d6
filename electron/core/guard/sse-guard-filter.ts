import { Transform, type TransformCallback } from 'node:stream';
import {
  afterTerminator,
  CR,
  ENDPOINT_NEEDLE,
  includesBetween,
  isTerminator,
  lastBlankLine,
  LF,
  linesBesidesData,
  needle,
  readEventFields,
  scanEvent,
  type Needle,
  type ScannedEvent,
} from '../proxy/sse-scan';

/** What the filter does with each complete SSE event. */
export interface SseGuardFilterOptions {
  /** Events longer than this pass through unchanged (never held whole in memory). */
  readonly maxEventBytes: number;
  /** Given a `message` event's data, returns the data to send instead, or null to keep it. */
  readonly rewrite: (data: string) => string | null;
  /**
   * Bytes (no CR or LF) that every data `rewrite` may change contains, e.g. `"tools"`: events
   * without them (nor `endpoint`, with `onEndpoint`) pass on without being decoded or parsed.
   */
  readonly marker?: string;
  /** Told the data of each `endpoint` event (legacy SSE transport). */
  readonly onEndpoint?: (data: string) => void;
  /** Told once when an event was too long to look at. */
  readonly onOversize?: () => void;
}

/**
 * What became of the event that ended with a CR at the end of the last chunk, and so of an LF
 * that starts the next one: part of the event still coming (`event`), sent on as it came
 * (`pass`), or dropped with the rewritten event's own line ends (`drop`).
 */
type LfAfterCr = 'none' | 'event' | 'pass' | 'drop';

/** An SSE `message` event whose data is `json` (one line: serialised JSON has no raw newline). */
export function sseDataEvent(json: string): Buffer {
  return Buffer.from(`event: message\ndata: ${json}\n\n`);
}

/** An SSE `message` event carrying one JSON-RPC message. */
export function sseMessageEvent(message: unknown): Buffer {
  return sseDataEvent(JSON.stringify(message));
}

/**
 * Passes an SSE stream through event by event, letting `rewrite` replace the data of
 * `message` events (the Guard's `tools/list` filter) and accepting events injected between
 * events (the Guard's local answers). Holds at most one event of up to `maxEventBytes`; a
 * longer event streams through unchanged. Unchanged events keep their exact bytes, and the
 * complete events of a chunk go on together, as one slice of it (the chunk itself when it
 * ends with an event).
 */
export class SseGuardFilter extends Transform {
  readonly #options: SseGuardFilterOptions;
  readonly #marker: Needle | null;
  /** The start of the current event, not sent yet. */
  #held: Buffer[] = [];
  #heldBytes = 0;
  /** The current event was too long and is being passed through as it comes. */
  #passing = false;
  #atLineStart = true;
  #lfAfterCr: LfAfterCr = 'none';
  #queued: Buffer[] = [];
  /** Bytes of the chunk in hand that go on unchanged, gathered to be pushed as one slice. */
  #run: { chunk: Buffer; start: number; end: number } | null = null;

  constructor(options: SseGuardFilterOptions) {
    super();
    this.#options = options;
    const marker = options.marker;
    if (marker !== undefined && (marker === '' || /[\r\n]/.test(marker))) {
      throw new Error('SseGuardFilter marker must be non-empty and without CR or LF');
    }
    // searched from its second byte: markers in JSON start with `"`, its commonest byte
    this.#marker = marker === undefined ? null : needle(marker, marker.length > 1 ? 1 : 0);
  }

  /** Sends an event of its own, between the upstream's events (at once when none is half sent). */
  inject(event: Buffer): void {
    if (this.destroyed || this.writableEnded) return;
    if (this.#passing) {
      this.#queued.push(event);
      return;
    }
    this.#flushRun();
    this.push(event);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (chunk.length === 0) {
      callback();
      return;
    }
    let pos = 0;
    let scan = 0;
    let lineStart = this.#atLineStart;
    const lf = this.#lfAfterCr;
    this.#lfAfterCr = 'none';
    if (lf !== 'none' && chunk[0] === LF) {
      scan = 1;
      lineStart = true;
      if (lf === 'pass') this.#sendRaw(chunk, 0, 1);
      if (lf !== 'event') pos = 1;
    }
    if (this.#heldBytes > 0 || this.#passing) pos = this.#nextEvent(chunk, pos, scan, lineStart);
    if (pos < chunk.length && this.#marker !== null) pos = this.#skipUnmarked(chunk, pos);
    while (pos < chunk.length) pos = this.#nextEvent(chunk, pos, pos, true);
    this.#flushRun();
    this.#atLineStart = isTerminator(chunk[chunk.length - 1]);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.#heldBytes > 0) this.push(Buffer.concat(this.#held));
    this.#held = [];
    this.#heldBytes = 0;
    for (const event of this.#queued.splice(0)) this.push(event);
    callback();
  }

  /**
   * Sends on unchanged, as one slice, the complete events from `from` on when none may be
   * rewritten or reported (no marker, no `endpoint`) nor be too long; returns where they end.
   */
  #skipUnmarked(chunk: Buffer, from: number): number {
    const blank = lastBlankLine(chunk, from);
    if (blank === -1) return from;
    const end = afterTerminator(chunk, blank);
    if (end - from > this.#options.maxEventBytes) return from;
    if (this.#marker !== null && includesBetween(chunk, this.#marker, from, end)) return from;
    if (
      this.#options.onEndpoint !== undefined &&
      includesBetween(chunk, ENDPOINT_NEEDLE, from, end)
    ) {
      return from;
    }
    this.#sendRaw(chunk, from, end);
    if (end === chunk.length && chunk[end - 1] === CR) this.#lfAfterCr = 'pass';
    return end;
  }

  /**
   * Takes the current event's bytes from `from` on, scanning lines from `scan` (a line start
   * when `lineStart`); returns where the event ended, or the chunk's end while it goes on.
   */
  #nextEvent(chunk: Buffer, from: number, scan: number, lineStart: boolean): number {
    const event = scanEvent(chunk, scan, lineStart);
    if (event === null) {
      this.#take(chunk, from);
      if (chunk[chunk.length - 1] === CR) this.#lfAfterCr = 'event';
      return chunk.length;
    }
    const end = afterTerminator(chunk, event.blank);
    const kept = this.#endEvent(chunk, from, end, event);
    if (end === chunk.length && chunk[end - 1] === CR) this.#lfAfterCr = kept ? 'pass' : 'drop';
    return end;
  }

  /** Adds the rest of the chunk to the current event: held while it may be rewritten, else passed on. */
  #take(chunk: Buffer, from: number): void {
    if (from === chunk.length) return;
    if (this.#passing) {
      this.#sendRaw(chunk, from, chunk.length);
      return;
    }
    this.#held.push(chunk.subarray(from));
    this.#heldBytes += chunk.length - from;
    if (this.#heldBytes > this.#options.maxEventBytes) {
      this.#options.onOversize?.();
      this.#send(Buffer.concat(this.#held));
      this.#held = [];
      this.#heldBytes = 0;
      this.#passing = true;
    }
  }

  /**
   * Ends the current event with `chunk[from..end)` (`scanned` in `chunk`) and sends it on; true
   * when it went unchanged.
   */
  #endEvent(chunk: Buffer, from: number, end: number, scanned: ScannedEvent): boolean {
    if (this.#passing) {
      this.#sendRaw(chunk, from, end);
      this.#passing = false;
      for (const event of this.#queued.splice(0)) this.#send(event);
      return true;
    }
    const held = this.#held;
    // an LF after the blank line's CR is left out of the size, as when a chunk edge cuts them apart
    const size = this.#heldBytes + scanned.blank + 1 - from;
    this.#held = [];
    this.#heldBytes = 0;
    if (size > this.#options.maxEventBytes) {
      this.#options.onOversize?.();
      for (const piece of held) this.#send(piece);
      this.#sendRaw(chunk, from, end);
      return true;
    }
    if (held.length === 0) {
      const out = this.#rewritten(chunk, from, end, scanned);
      if (out === null) this.#sendRaw(chunk, from, end);
      else this.#send(out);
      return out === null;
    }
    const raw = Buffer.concat([...held, chunk.subarray(from, end)]);
    // read again as a whole: the held start has fields too (and raw ends with the blank line)
    const out = this.#rewritten(raw, 0, raw.length, scanEvent(raw, 0, true) as ScannedEvent);
    this.#send(out ?? raw);
    return out === null;
  }

  /** The event `bytes[start..end)` (`scanned`) as rewritten, or null to send it as it is. */
  #rewritten(bytes: Buffer, start: number, end: number, scanned: ScannedEvent): Buffer | null {
    const marker = this.#marker;
    const { onEndpoint } = this.#options;
    if (
      marker !== null &&
      !includesBetween(bytes, marker, start, end) &&
      (onEndpoint === undefined || !includesBetween(bytes, ENDPOINT_NEEDLE, start, end))
    ) {
      return null;
    }
    const event = readEventFields(bytes, scanned);
    if (event.data === null) return null;
    if (event.type === 'endpoint') {
      onEndpoint?.(event.data);
      return null;
    }
    if (event.type !== 'message') return null;
    const replaced = this.#options.rewrite(event.data);
    if (replaced === null) return null;
    const lines = [...linesBesidesData(bytes.subarray(start, end)), `data: ${replaced}`];
    return Buffer.from(`${lines.join('\n')}\n\n`);
  }

  /** Queues `chunk[start..end)` to go on as it is, joined to the bytes queued just before it. */
  #sendRaw(chunk: Buffer, start: number, end: number): void {
    if (start === end) return;
    const run = this.#run;
    if (run !== null && run.chunk === chunk && run.end === start) {
      run.end = end;
      return;
    }
    this.#flushRun();
    this.#run = { chunk, start, end };
  }

  #send(bytes: Buffer): void {
    this.#flushRun();
    this.push(bytes);
  }

  #flushRun(): void {
    const run = this.#run;
    if (run === null) return;
    this.#run = null;
    const { chunk, start, end } = run;
    this.push(start === 0 && end === chunk.length ? chunk : chunk.subarray(start, end));
  }
}
