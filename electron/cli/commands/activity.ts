import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ActivityEntry } from '../../../shared/activity';
import { readActivity } from '../../core/audit/activity-log';
import { UserError } from '../../core/errors';
import { resolvePaths } from '../../core/paths';
import type { CommonFlags } from '../config';

/** Flags of `mcp-gate activity`. */
export type ActivityFlags = Pick<CommonFlags, 'configDir'> & {
  readonly json?: boolean;
  readonly follow?: boolean;
  readonly limit?: string;
};

/** What `activity` needs from outside; tests replace each. */
export interface ActivityDeps {
  readonly write?: (text: string) => void;
  /** Stops `--follow` (the process's signals do otherwise). */
  readonly signal?: AbortSignal;
  readonly pollMs?: number;
}

const COLUMNS = [
  ['TIME', 19],
  ['CLIENT', 14],
  ['SERVER', 16],
  ['METHOD', 16],
  ['TOOL', 34],
  ['STATUS', 6],
  ['DECISION', 24],
  ['LATENCY', 9],
] as const;

function cell(value: string, width: number): string {
  return value.length <= width ? value.padEnd(width) : `${value.slice(0, width - 1)}…`;
}

function localTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** The decision column: the Guard's decision and who settled it, or the outcome when it had no say. */
export function decisionText(entry: ActivityEntry): string {
  if (entry.decision === undefined || entry.decision === null) {
    return entry.outcome === 'ok' ? '' : entry.outcome;
  }
  const by =
    entry.answeredBy === 'policy' || entry.answeredBy == null ? '' : ` (${entry.answeredBy})`;
  return `${entry.decision}${by}`;
}

/** The header line of the table. */
export function activityHeader(): string {
  return (
    COLUMNS.map(([name, width]) => cell(name, width))
      .join(' ')
      .trimEnd() + '\n'
  );
}

/** One entry as a table row: time, client, server, method, tool, status, decision, latency. */
export function activityRow(entry: ActivityEntry): string {
  const values = [
    localTime(entry.time),
    entry.client ?? '-',
    entry.server ?? '-',
    entry.rpcMethod ?? entry.method,
    entry.tool ?? '',
    entry.status === 0 ? '-' : String(entry.status),
    decisionText(entry),
    `${entry.durationMs} ms`,
  ];
  return (
    values
      .map((v, i) => cell(v, COLUMNS[i]?.[1] ?? 10))
      .join(' ')
      .trimEnd() + '\n'
  );
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return 50;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 100_000) {
    throw new UserError(
      'bad-flag',
      `--limit must be a number from 1 to 100000 (got "${value.slice(0, 40)}").`,
    );
  }
  return n;
}

function rotatedPath(path: string, n: number): string {
  return path.endsWith('.jsonl') ? `${path.slice(0, -6)}.${n}.jsonl` : `${path}.${n}`;
}

function parseLines(text: string): ActivityEntry[] {
  const entries: ActivityEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as ActivityEntry);
    } catch {
      // a torn line after a crash
    }
  }
  return entries;
}

/** An open log file read from an offset; only whole lines are handed out. */
class Tail {
  readonly #fd: number;
  readonly ino: number;
  #offset: number;
  #partial = '';

  constructor(path: string) {
    this.#fd = openSync(path, 'r');
    this.ino = fstatSync(this.#fd).ino;
    this.#offset = 0;
  }

  /** Reads what was appended since the last call; starts over when the file was truncated. */
  read(): ActivityEntry[] {
    const size = fstatSync(this.#fd).size;
    if (size < this.#offset) {
      this.#offset = 0;
      this.#partial = '';
    }
    const chunks: Buffer[] = [];
    const buffer = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = readSync(this.#fd, buffer, 0, buffer.length, this.#offset);
      if (n === 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, n)));
      this.#offset += n;
    }
    const text = this.#partial + Buffer.concat(chunks).toString('utf8');
    const end = text.lastIndexOf('\n');
    this.#partial = text.slice(end + 1);
    return parseLines(text.slice(0, end + 1));
  }

  close(): void {
    closeSync(this.#fd);
  }
}

function inodeOf(path: string): number | null {
  try {
    return statSync(path).ino;
  } catch {
    return null;
  }
}

function openTail(path: string): Tail | null {
  try {
    return new Tail(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The latest `limit` entries, older rotated files included when the current one has fewer. */
async function backlog(
  path: string,
  current: readonly ActivityEntry[],
  limit: number,
): Promise<ActivityEntry[]> {
  let entries = [...current];
  for (let n = 1; entries.length < limit && n <= 9; n++) {
    const older = await readActivity(rotatedPath(path, n), limit);
    if (older.length === 0 && inodeOf(rotatedPath(path, n)) === null) break;
    entries = [...older, ...entries];
  }
  return entries.slice(-limit);
}

/** `mcp-gate activity`: the latest entries as a table (or JSON lines), then new ones with `--follow`. */
export async function runActivity(flags: ActivityFlags, deps: ActivityDeps = {}): Promise<void> {
  const path = resolvePaths(flags.configDir).activityLog;
  const limit = parseLimit(flags.limit);
  const write = deps.write ?? ((text: string) => void process.stdout.write(text));
  const print = (entries: readonly ActivityEntry[]): void => {
    if (entries.length === 0) return;
    write(
      entries
        .map((e) => (flags.json === true ? JSON.stringify(e) + '\n' : activityRow(e)))
        .join(''),
    );
  };
  let tail = openTail(path);
  const first = await backlog(path, tail?.read() ?? [], limit);
  if (flags.json !== true) {
    if (first.length === 0 && flags.follow !== true) {
      write(`No activity yet (${path}).\n`);
      return;
    }
    write(activityHeader());
  }
  print(first);
  if (flags.follow !== true) {
    tail?.close();
    return;
  }
  const pollMs = deps.pollMs ?? 250;
  try {
    while (deps.signal?.aborted !== true) {
      await sleep(pollMs, undefined, deps.signal ? { signal: deps.signal } : {}).catch(
        () => undefined,
      );
      if (tail !== null) print(tail.read());
      const ino = inodeOf(path);
      // rotated (renamed away and a new file opened) or created: the old file was read to its end
      if (ino !== null && ino !== tail?.ino) {
        tail?.close();
        tail = openTail(path);
        if (tail !== null) print(tail.read());
      }
    }
  } finally {
    tail?.close();
  }
}
