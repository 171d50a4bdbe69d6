/** Byte-level reading of Server-Sent Events, for transforms that must not decode what they pass on. */

export const CR = 0x0d;
export const LF = 0x0a;
const COLON = 0x3a;
const SPACE = 0x20;
const DATA = Buffer.from('data');
const EVENT = Buffer.from('event');
const MESSAGE = Buffer.from('message');

/** True for the bytes that end an SSE line (CR, LF, or both as CRLF). */
export function isTerminator(byte: number | undefined): boolean {
  return byte === CR || byte === LF;
}

/** Index just after the line terminator that starts at `i` (CRLF counts as one). */
export function afterTerminator(bytes: Buffer, i: number): number {
  return bytes[i] === CR && bytes[i + 1] === LF ? i + 2 : i + 1;
}

/** `[start, end)` of a field's value in a buffer. */
export type Bounds = readonly [start: number, end: number];

/** One SSE event found in a buffer: where it ends, and where its fields lie. */
export interface ScannedEvent {
  /** Index of the terminator of the blank line that ends it. */
  readonly blank: number;
  /** The value of its last `event` field, or null. */
  readonly type: Bounds | null;
  /** The values of its `data` fields, in order. */
  readonly data: readonly Bounds[];
}

/** Where the value of the `name` field of the line `bytes[start..end)` starts, or -1 for another field. */
function valueStart(bytes: Buffer, start: number, end: number, name: Buffer): number {
  const colon = start + name.length;
  if (colon > end) return -1;
  for (let i = 0; i < name.length; i++) if (bytes[start + i] !== name[i]) return -1;
  if (colon === end) return end;
  if (bytes[colon] !== COLON) return -1;
  return bytes[colon + 1] === SPACE && colon + 1 < end ? colon + 2 : colon + 1;
}

/**
 * The first event that ends in `bytes[from..]` (at a blank line), or null; `lineStart` says
 * whether `from` starts a line. Fields are read from the lines that start at or after `from`.
 */
export function scanEvent(bytes: Buffer, from: number, lineStart: boolean): ScannedEvent | null {
  let type: Bounds | null = null;
  const data: Bounds[] = [];
  let start = from;
  let atStart = lineStart;
  // next CR and LF, kept so that many lines are scanned once
  let cr = bytes.indexOf(CR, from);
  let lf = bytes.indexOf(LF, from);
  for (;;) {
    if (cr !== -1 && cr < start) cr = bytes.indexOf(CR, start);
    if (lf !== -1 && lf < start) lf = bytes.indexOf(LF, start);
    const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
    if (end === -1) return null;
    if (atStart) {
      if (end === start) return { blank: end, type, data };
      const dataAt = valueStart(bytes, start, end, DATA);
      if (dataAt !== -1) data.push([dataAt, end]);
      else {
        const typeAt = valueStart(bytes, start, end, EVENT);
        if (typeAt !== -1) type = [typeAt, end];
      }
    }
    start = afterTerminator(bytes, end);
    atStart = true;
  }
}

function startsBlankLine(bytes: Buffer, at: number, from: number): boolean {
  const before = bytes[at - 1];
  return at === from || (isTerminator(before) && !(before === CR && bytes[at] === LF));
}

/** Index of the terminator of the last blank line in `bytes[from..]`, where `from` starts a line, or -1. */
export function lastBlankLine(bytes: Buffer, from: number): number {
  // most chunks end with an event: look at their last bytes before searching
  const last = bytes.length - 1;
  if (last < from) return -1;
  const end = bytes[last] === LF && bytes[last - 1] === CR && last > from ? last - 1 : last;
  if (isTerminator(bytes[end]) && startsBlankLine(bytes, end, from)) return end;
  let cr = bytes.lastIndexOf(CR);
  let lf = bytes.lastIndexOf(LF);
  for (;;) {
    const at = Math.max(cr, lf);
    if (at < from) return -1;
    if (startsBlankLine(bytes, at, from)) return at;
    if (at === cr) cr = bytes.lastIndexOf(CR, at - 1);
    else lf = bytes.lastIndexOf(LF, at - 1);
  }
}

/** Bytes to look for, searched from `skip` bytes in: a rarer first byte makes the search several times faster. */
export interface Needle {
  readonly bytes: Buffer;
  readonly skip: number;
  /** `bytes` without the first `skip`. */
  readonly rest: Buffer;
}

/** A needle for `text`, searched from `skip` bytes in. */
export function needle(text: string, skip: number): Needle {
  const bytes = Buffer.from(text);
  return { bytes, skip, rest: bytes.subarray(skip) };
}

/** `endpoint`, searched from `dpoint` (`e` is among the commonest bytes of SSE and JSON). */
export const ENDPOINT_NEEDLE = needle('endpoint', 2);

/** Where `needle` first lies wholly inside `bytes[from..to)`, or -1. */
export function indexOfNeedle(
  bytes: Buffer,
  needle: Needle,
  from: number,
  to: number = bytes.length,
): number {
  const { bytes: whole, skip, rest } = needle;
  for (
    let at = bytes.indexOf(rest, from + skip);
    at !== -1 && at + rest.length <= to;
    at = bytes.indexOf(rest, at + 1)
  ) {
    let i = 0;
    while (i < skip && bytes[at - skip + i] === whole[i]) i++;
    if (i === skip) return at - skip;
  }
  return -1;
}

/** True when `needle` lies wholly inside `bytes[from..to)`. */
export function includesBetween(bytes: Buffer, needle: Needle, from: number, to: number): boolean {
  return indexOfNeedle(bytes, needle, from, to) !== -1;
}

/** What an SSE reader takes from one event: its type (`message` when it has none) and its `data:` lines joined. */
export interface SseEventFields {
  readonly type: string;
  readonly data: string | null;
}

function isWord(bytes: Buffer, [start, end]: Bounds, word: Buffer): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (bytes[start + i] !== word[i]) return false;
  return true;
}

function decode(bytes: Buffer, [start, end]: Bounds): string {
  return bytes.toString('utf8', start, end);
}

/** Decodes the type and data of an event `scanEvent` found in `bytes`. */
export function readEventFields(bytes: Buffer, event: ScannedEvent): SseEventFields {
  const { type, data } = event;
  let joined: string | null = null;
  for (const value of data) {
    joined = joined === null ? decode(bytes, value) : `${joined}\n${decode(bytes, value)}`;
  }
  return {
    type: type === null || isWord(bytes, type, MESSAGE) ? 'message' : decode(bytes, type),
    data: joined,
  };
}

/** The lines of `event` (one whole event) other than `data:` ones, decoded, in order (id, event, comments). */
export function linesBesidesData(event: Buffer): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < event.length) {
    let end = start;
    while (end < event.length && !isTerminator(event[end])) end++;
    if (end > start && valueStart(event, start, end, DATA) === -1) {
      lines.push(event.toString('utf8', start, end));
    }
    start = afterTerminator(event, end);
  }
  return lines;
}
