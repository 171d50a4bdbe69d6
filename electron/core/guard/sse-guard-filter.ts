import { Transform, type TransformCallback } from 'node:stream';

const CR = 0x0d;
const LF = 0x0a;

/** What the filter does with each complete SSE event. */
export interface SseGuardFilterOptions {
  /** Events longer than this pass through unchanged (never held whole in memory). */
  readonly maxEventBytes: number;
  /** Given a `message` event's data, returns the data to send instead, or null to keep it. */
  readonly rewrite: (data: string) => string | null;
  /** Told the data of each `endpoint` event (legacy SSE transport). */
  readonly onEndpoint?: (data: string) => void;
  /** Told once when an event was too long to look at. */
  readonly onOversize?: () => void;
}

/** One SSE event's `data:` lines joined, and its type (`message` when it has none). */
interface ParsedEvent {
  readonly type: string;
  readonly data: string | null;
  /** The event's lines other than `data:` ones, in order (id, event, comments). */
  readonly otherLines: readonly string[];
}

function parseEvent(text: string): ParsedEvent {
  let type = 'message';
  const data: string[] = [];
  const otherLines: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      data.push(value);
      continue;
    }
    if (field === 'event') type = value;
    otherLines.push(line);
  }
  return { type, data: data.length === 0 ? null : data.join('\n'), otherLines };
}

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
 * longer event streams through unchanged. Unchanged events keep their exact bytes.
 */
export class SseGuardFilter extends Transform {
  readonly #options: SseGuardFilterOptions;
  #held: Buffer[] = [];
  #heldBytes = 0;
  /** The current event was too long and is being passed through as it comes. */
  #passing = false;
  #lineLength = 0;
  #afterCr = false;
  #queued: Buffer[] = [];

  constructor(options: SseGuardFilterOptions) {
    super();
    this.#options = options;
  }

  /** Sends an event of its own, between the upstream's events (at once when none is half sent). */
  inject(event: Buffer): void {
    if (this.destroyed || this.writableEnded) return;
    if (this.#passing) this.#queued.push(event);
    else this.push(event);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let from = 0;
    let i = 0;
    // next CR and LF at or after i, kept so that a chunk of many lines is scanned once
    let cr = chunk.indexOf(CR);
    let lf = chunk.indexOf(LF);
    while (i < chunk.length) {
      if (this.#afterCr) {
        this.#afterCr = false;
        if (chunk[i] === LF) {
          i++;
          continue;
        }
      }
      if (cr !== -1 && cr < i) cr = chunk.indexOf(CR, i);
      if (lf !== -1 && lf < i) lf = chunk.indexOf(LF, i);
      const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
      if (end === -1) {
        this.#lineLength += chunk.length - i;
        break;
      }
      const blank = this.#lineLength === 0 && end === i;
      this.#lineLength = 0;
      this.#afterCr = chunk[end] === CR;
      if (this.#afterCr && end + 1 < chunk.length && chunk[end + 1] === LF) {
        this.#afterCr = false;
        i = end + 2;
      } else {
        i = end + 1;
      }
      if (blank) {
        this.#take(chunk.subarray(from, i));
        from = i;
        this.#endEvent();
      }
    }
    if (from < chunk.length) this.#take(chunk.subarray(from));
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.#heldBytes > 0) this.push(Buffer.concat(this.#held));
    this.#held = [];
    this.#heldBytes = 0;
    for (const event of this.#queued.splice(0)) this.push(event);
    callback();
  }

  /** Adds bytes of the current event: held while it may be rewritten, else passed on. */
  #take(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.#passing) {
      this.push(bytes);
      return;
    }
    this.#held.push(bytes);
    this.#heldBytes += bytes.length;
    if (this.#heldBytes > this.#options.maxEventBytes) {
      this.#options.onOversize?.();
      this.push(Buffer.concat(this.#held));
      this.#held = [];
      this.#heldBytes = 0;
      this.#passing = true;
    }
  }

  #endEvent(): void {
    if (this.#passing) {
      this.#passing = false;
      for (const event of this.#queued.splice(0)) this.push(event);
      return;
    }
    const raw = this.#held.length === 1 ? (this.#held[0] as Buffer) : Buffer.concat(this.#held);
    this.#held = [];
    this.#heldBytes = 0;
    this.push(this.#rewritten(raw));
  }

  #rewritten(raw: Buffer): Buffer {
    const event = parseEvent(raw.toString('utf8'));
    if (event.data === null) return raw;
    if (event.type === 'endpoint') {
      this.#options.onEndpoint?.(event.data);
      return raw;
    }
    if (event.type !== 'message') return raw;
    const replaced = this.#options.rewrite(event.data);
    if (replaced === null) return raw;
    // a leading LF (the end of a CRLF cut at a chunk edge) is dropped: the CR already ended the line
    const lines = [...event.otherLines, `data: ${replaced}`];
    return Buffer.from(`${lines.join('\n')}\n\n`);
  }
}
