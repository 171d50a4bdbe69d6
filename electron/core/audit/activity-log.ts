import { mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import SonicBoom from 'sonic-boom';
import type { ActivityEntry, ActivitySink } from '../../../shared/activity';

/** An append-only JSON-lines activity log that rotates by size. */
export interface ActivityLog extends ActivitySink {
  readonly path: string;
  /** Subscribes to entries as they are appended; returns the unsubscribe function. */
  onAppend(listener: (entry: ActivityEntry) => void): () => void;
  close(): Promise<void>;
}

/** Options of the activity log: where, and how large a file grows before it rotates. */
export interface ActivityLogOptions {
  readonly path: string;
  readonly maxBytes?: number;
  readonly keep?: number;
}

/** Opens (creating 0600) the activity log; rotates `activity.jsonl` → `activity.1.jsonl` … when it passes `maxBytes`. */
export function openActivityLog(options: ActivityLogOptions): ActivityLog {
  const { path } = options;
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const keep = Math.max(1, options.keep ?? 3);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let size = sizeOf(path);
  let stream = open(path);
  const listeners = new Set<(entry: ActivityEntry) => void>();
  const draining = new Set<Promise<void>>();

  // rename, then open anew: lines the old stream still buffers land in the renamed file, in order
  const rotate = (): void => {
    rmSync(rotated(path, keep), { force: true });
    for (let i = keep - 1; i >= 1; i--) moveIfExists(rotated(path, i), rotated(path, i + 1));
    moveIfExists(path, rotated(path, 1));
    const old = stream;
    stream = open(path);
    const done: Promise<void> = closed(old).then(() => void draining.delete(done));
    draining.add(done);
    old.end();
    size = 0;
  };

  return {
    path,
    append(entry) {
      const line = JSON.stringify(entry) + '\n';
      if (size > 0 && size + line.length > maxBytes) rotate();
      stream.write(line);
      size += Buffer.byteLength(line);
      for (const listener of listeners) listener(entry);
    },
    onAppend(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      const last = closed(stream);
      stream.end();
      await Promise.all([...draining, last]);
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

/** Opens the file (0600) synchronously, so a rotation never races an asynchronous open. */
function open(path: string): SonicBoom {
  const stream = new SonicBoom({ fd: openSync(path, 'a', 0o600), sync: false, minLength: 0 });
  stream.on('error', () => {
    // the proxy must not die because the activity log cannot be written; the next rotation reopens
  });
  return stream;
}

function closed(stream: SonicBoom): Promise<void> {
  return new Promise((resolve) => stream.once('close', () => resolve()));
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
