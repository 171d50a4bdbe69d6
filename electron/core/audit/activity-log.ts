import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ActivityEntry, ActivitySink } from '../../../shared/activity';

/** An append-only JSON-lines activity log that rotates by size. */
export interface ActivityLog extends ActivitySink {
  readonly path: string;
  /** Subscribes to entries as they are appended; returns the unsubscribe function. */
  onAppend(listener: (entry: ActivityEntry) => void): () => void;
  /** Writes the lines still waiting for their batch, so that a reader of the file sees every entry. */
  flush(): void;
  close(): Promise<void>;
}

/** Options of the activity log: where, and how large a file grows before it rotates. */
export interface ActivityLogOptions {
  readonly path: string;
  readonly maxBytes?: number;
  readonly keep?: number;
  /** How long appended lines wait to be written together (default 25 ms; 0 writes each at once). */
  readonly flushMs?: number;
}

/**
 * Opens (creating 0600) the activity log; rotates `activity.jsonl` → `activity.1.jsonl` … when
 * it passes `maxBytes`. Lines of a short window go out in one synchronous write: a write per
 * request through the thread pool was ~7-10 % of the proxy's CPU under load, while one small
 * write to the page cache every `flushMs` costs microseconds. A crash loses at most that window.
 * A failed write (disk full) drops its lines: the proxy must not stop because of its log.
 */
export function openActivityLog(options: ActivityLogOptions): ActivityLog {
  const { path } = options;
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const keep = Math.max(1, options.keep ?? 3);
  const flushMs = options.flushMs ?? 25;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let size = sizeOf(path);
  let fd: number | null = openSync(path, 'a', 0o600);
  const listeners = new Set<(entry: ActivityEntry) => void>();
  let pending = '';
  let timer: NodeJS.Timeout | null = null;

  const flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (pending === '' || fd === null) return;
    const text = pending;
    pending = '';
    try {
      writeSync(fd, text);
    } catch {
      // disk full or the file gone: these lines are lost, the next ones are tried again
    }
  };

  const rotate = (): void => {
    flush();
    rmSync(rotated(path, keep), { force: true });
    for (let i = keep - 1; i >= 1; i--) moveIfExists(rotated(path, i), rotated(path, i + 1));
    moveIfExists(path, rotated(path, 1));
    if (fd !== null) closeSync(fd);
    fd = openSync(path, 'a', 0o600);
    size = 0;
  };

  return {
    path,
    append(entry) {
      if (fd === null) return;
      const line = JSON.stringify(entry) + '\n';
      const bytes = Buffer.byteLength(line);
      if (size > 0 && size + bytes > maxBytes) rotate();
      pending += line;
      size += bytes;
      if (flushMs === 0) flush();
      else timer ??= setTimeout(flush, flushMs);
      for (const listener of listeners) listener(entry);
    },
    onAppend(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flush,
    close() {
      flush();
      listeners.clear();
      if (fd !== null) closeSync(fd);
      fd = null;
      return Promise.resolve();
    },
  };
}

/** Reads the last `limit` entries of an activity log (newest last); lines that do not parse are skipped. */
export async function readActivity(path: string, limit = 100): Promise<ActivityEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: ActivityEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as ActivityEntry);
    } catch {
      // a torn last line after a crash: skip it
    }
  }
  return entries.slice(-limit);
}

function rotated(path: string, n: number): string {
  return path.endsWith('.jsonl') ? `${path.slice(0, -6)}.${n}.jsonl` : `${path}.${n}`;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function moveIfExists(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
