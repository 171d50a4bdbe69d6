import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { UserError } from '../errors';
import type { Logger } from '../logger';
import type { TokenVault } from './types';

const FileSchema = z.strictObject({
  version: z.literal(1),
  profiles: z.record(z.string().min(1), z.strictObject({ refreshToken: z.string().min(1) })),
});

type VaultFile = z.infer<typeof FileSchema>;

/** Options of createFileVault. */
export interface FileVaultOptions {
  /** Told when a too-open token file is tightened to 0600. */
  readonly logger?: Logger;
}

function hasCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}

/**
 * A TokenVault in one JSON file `{version:1, profiles:{<name>:{refreshToken}}}`, mode 0600 in a
 * 0700 directory, written atomically (temp file, fsync, rename). Only for users who opted in with
 * `--token-store file`. Writes are serialised within this process only.
 */
export function createFileVault(filePath: string, options: FileVaultOptions = {}): TokenVault {
  let queue: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every earlier read-modify-write of this vault. */
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  function corrupt(reason: string): UserError {
    return new UserError(
      'token-file-corrupt',
      `The token file ${filePath} is not a valid MCP Gate token file (${reason}): delete it or move it away, then sign in again with \`mcp-gate login\`.`,
    );
  }

  async function load(): Promise<VaultFile> {
    let text: string;
    try {
      const info = await stat(filePath);
      if ((info.mode & 0o077) !== 0) {
        await chmod(filePath, 0o600);
        options.logger?.warn(
          { file: filePath, mode: (info.mode & 0o777).toString(8) },
          'the token file was readable by other users: its mode was set to 0600',
        );
      }
      text = await readFile(filePath, 'utf8');
    } catch (error) {
      if (hasCode(error, 'ENOENT')) return { version: 1, profiles: {} };
      throw new UserError(
        'token-file-unreadable',
        `Cannot read the token file ${filePath} (${error instanceof Error && 'code' in error ? String(error.code) : 'error'}): check its owner and permissions.`,
        { cause: error },
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw corrupt('not JSON');
    }
    const parsed = FileSchema.safeParse(json);
    if (!parsed.success) throw corrupt('unexpected shape');
    return parsed.data;
  }

  async function save(file: VaultFile): Promise<void> {
    await mkdir(dirname(filePath), { recursive: true, mode: 0o700 });
    await writeFileAtomic(filePath, `${JSON.stringify(file, null, 2)}\n`, {
      mode: 0o600,
      fsync: true,
    });
  }

  return {
    kind: 'file',

    get: (profile) => serial(async () => (await load()).profiles[profile]?.refreshToken ?? null),

    set: (profile, refreshToken) =>
      serial(async () => {
        const file = await load();
        await save({ version: 1, profiles: { ...file.profiles, [profile]: { refreshToken } } });
      }),

    delete: (profile) =>
      serial(async () => {
        const file = await load();
        if (file.profiles[profile] === undefined) return false;
        const profiles = Object.fromEntries(
          Object.entries(file.profiles).filter(([name]) => name !== profile),
        );
        await save({ version: 1, profiles });
        return true;
      }),
  };
}
