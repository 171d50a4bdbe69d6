import { chmod, copyFile, lstat, mkdir, readFile, readlink, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { JsonObject, RootKey } from '../../../shared/clients';
import { UserError } from '../errors';
import { unifiedDiff } from './line-diff';
import { deepEqual, planClientEdit, readServers, type PlanChanges } from './plan-edit';

/** One edit of one client file. */
export interface ClientEditRequest {
  /** The config file as the client names it (may be a symlink; the link is kept, its target written). */
  readonly file: string;
  readonly rootKey: RootKey;
  readonly allowComments: boolean;
  readonly entries: Readonly<Record<string, JsonObject>>;
  readonly remove?: readonly string[];
  readonly owned?: readonly string[];
  /** Plan and diff only; nothing is written. */
  readonly dryRun?: boolean;
  /** The entries carry a local key: a file created now gets mode 0600. */
  readonly holdsKey: boolean;
  /** Called between planning and the re-read before writing (tests simulate another writer here). */
  readonly beforeCommit?: (target: string) => Promise<void>;
  /** How often a file changed by someone else is re-read and re-planned (default 3). */
  readonly attempts?: number;
}

/** What an edit did. */
export interface ClientEditResult {
  /** The file written: the symlink's target when `file` is a link. */
  readonly target: string;
  readonly changed: boolean;
  readonly created: boolean;
  readonly changes: PlanChanges;
  /** Unified diff of the edit (empty when nothing changes). */
  readonly diff: string;
  /** The copy of the previous file, or null (new file, dry run, no change). */
  readonly backup: string | null;
}

/** The suffix of the backup MCP Gate keeps next to a file it edits. */
export const BACKUP_SUFFIX = '.mcp-gate.bak';

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** Follows symlinks (also dangling ones) to the file that is really read and written. */
export async function resolveTarget(file: string): Promise<string> {
  let current = resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    let info;
    try {
      info = await lstat(current);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return current;
      throw error;
    }
    if (!info.isSymbolicLink()) return current;
    const link = await readlink(current);
    current = isAbsolute(link) ? link : resolve(dirname(current), link);
  }
  throw new UserError(
    'client-config-symlink-loop',
    `${file} is a symlink loop: point it at a real file, then run the command again.`,
  );
}

async function readText(target: string, shown: string): Promise<string | null> {
  try {
    return await readFile(target, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return null;
    if (code === 'EISDIR') {
      throw new UserError(
        'client-config-unreadable',
        `${shown} is a directory, not a file: move it away, then run the command again.`,
      );
    }
    throw new UserError(
      'client-config-unreadable',
      `Cannot read ${shown} (${code ?? 'error'}): check its owner and permissions, then run the command again.`,
      { cause: error },
    );
  }
}

function planOrThrow(
  text: string,
  request: ClientEditRequest,
  shown: string,
): ReturnType<typeof planClientEdit> & { ok: true } {
  const plan = planClientEdit(text, request);
  if (!plan.ok) {
    const { line, column, message } = plan.error;
    throw new UserError(
      'client-config-invalid',
      `${shown}:${line}:${column}: ${message}. The file was not changed: fix it there (or move it away to start a new one), then run the command again.`,
    );
  }
  return plan;
}

/**
 * Applies MCP Gate's entries to one client file safely: parse (refuse on error, naming
 * file:line:column), re-read before writing and re-plan when another process changed it, keep
 * `<file>.mcp-gate.bak`, write atomically (temp + fsync + rename) with the file's mode, create
 * missing folders, and read the result back to check it.
 */
export async function applyClientEdit(request: ClientEditRequest): Promise<ClientEditResult> {
  const shown = request.file;
  const target = await resolveTarget(request.file);
  const attempts = request.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    const before = await readText(target, shown);
    const created = before === null;
    const text = before ?? '';
    const plan = planOrThrow(text, request, shown);
    const diff = unifiedDiff(text, plan.newText, shown);
    const result = {
      target,
      changed: plan.changed,
      created: created && plan.changed,
      changes: plan.changes,
      diff,
      backup: null,
    };
    if (!plan.changed || request.dryRun === true) return result;

    await request.beforeCommit?.(target);
    const now = await readText(target, shown);
    if (now !== before) {
      if (attempt >= attempts) {
        throw new UserError(
          'client-config-busy',
          `${shown} keeps changing while MCP Gate edits it (another program is writing it): close that program or wait, then run the command again. The file was not changed by MCP Gate.`,
        );
      }
      continue;
    }

    const mode = await fileMode(target, shown, created, request.holdsKey);
    let backup: string | null = null;
    if (!created) {
      backup = target + BACKUP_SUFFIX;
      await guard(shown, () => copyFile(target, backup as string));
      await guard(shown, () => chmod(backup as string, mode & 0o600));
    } else {
      await guard(shown, () => mkdir(dirname(target), { recursive: true }));
    }
    await guard(shown, () => writeFileAtomic(target, plan.newText, { mode, fsync: true }));
    await verify(target, shown, request, backup);
    return { ...result, backup };
  }
}

async function fileMode(
  target: string,
  shown: string,
  created: boolean,
  holdsKey: boolean,
): Promise<number> {
  if (created) return holdsKey ? 0o600 : 0o644;
  const info = await stat(target);
  if ((info.mode & 0o200) === 0) {
    throw new UserError(
      'client-config-read-only',
      `${shown} is read-only: make it writable (\`chmod u+w "${shown}"\`, or untick Read-only in its properties), then run the command again. The file was not changed.`,
    );
  }
  return info.mode & 0o7777;
}

async function guard<T>(shown: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new UserError(
        'client-config-read-only',
        `Cannot write ${shown} or its folder (${code}): make the folder writable for your user, then run the command again. The file was not changed.`,
        { cause: error },
      );
    }
    throw error;
  }
}

async function verify(
  target: string,
  shown: string,
  request: ClientEditRequest,
  backup: string | null,
): Promise<void> {
  const text = (await readText(target, shown)) ?? '';
  const read = readServers(text, request.rootKey, request.allowComments);
  const owned = new Set(request.owned ?? []);
  const ok =
    read.ok &&
    Object.entries(request.entries).every(([name, entry]) => {
      const present = read.servers[name];
      return deepEqual(present, entry) || (!owned.has(name) && present !== undefined);
    }) &&
    (request.remove ?? []).every(
      (name) => name in request.entries || !owned.has(name) || read.servers[name] === undefined,
    );
  if (!ok) {
    throw new UserError(
      'client-config-verify',
      `${shown} does not hold MCP Gate's entries after writing (another program may have rewritten it)${backup === null ? '' : `; the previous file is in ${backup}`}: run the command again.`,
    );
  }
}
