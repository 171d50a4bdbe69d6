import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileVault } from '../../electron/core/auth/vault-file';
import { UserError } from '../../electron/core/errors';
import { createLogger } from '../../electron/core/logger';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcp-gate-vault-'));
  file = join(dir, 'config', 'mcp-gate', 'tokens.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const mode = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

describe('file vault', () => {
  it('stores, rotates and deletes per profile in {version:1, profiles}', async () => {
    const vault = createFileVault(file);
    expect(vault.kind).toBe('file');
    await expect(vault.get('default')).resolves.toBeNull();
    await vault.set('default', 'rt-1');
    await vault.set('work', 'rt-w');
    await vault.set('default', 'rt-2');
    await expect(vault.get('default')).resolves.toBe('rt-2');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      version: 1,
      profiles: { default: { refreshToken: 'rt-2' }, work: { refreshToken: 'rt-w' } },
    });
    await expect(vault.delete('default')).resolves.toBe(true);
    await expect(vault.delete('default')).resolves.toBe(false);
    await expect(vault.get('work')).resolves.toBe('rt-w');
  });

  it('writes the file 0600 in a directory it creates 0700, leaving no temp files', async () => {
    const vault = createFileVault(file);
    await Promise.all(Array.from({ length: 20 }, (_, i) => vault.set(`p${i}`, `rt-${i}`)));
    expect(await mode(file)).toBe(0o600);
    expect(await mode(join(dir, 'config', 'mcp-gate'))).toBe(0o700);
    expect(await readdir(join(dir, 'config', 'mcp-gate'))).toEqual(['tokens.json']);
    // serialised read-modify-write: none of the concurrent writes was lost
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')).profiles)).toHaveLength(20);
  });

  it.each([
    ['not JSON', '{"version":1,'],
    ['another version', '{"version":2,"profiles":{}}'],
    ['a wrong shape', '{"version":1,"profiles":{"default":"rt"}}'],
    ['an empty token', '{"version":1,"profiles":{"default":{"refreshToken":""}}}'],
  ])(
    'a corrupt file (%s) → UserError naming the file and the fix; the bytes stay as they were',
    async (_name, text) => {
      const vault = createFileVault(file);
      await vault.set('x', 'y');
      await writeFile(file, text, { mode: 0o600 });
      for (const attempt of [
        () => vault.get('default'),
        () => vault.set('default', 'rt-new'),
        () => vault.delete('x'),
      ]) {
        const error = await attempt().then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(UserError);
        expect((error as UserError).code).toBe('token-file-corrupt');
        expect((error as UserError).message).toContain(file);
        expect((error as UserError).message).toContain('mcp-gate login');
      }
      expect(await readFile(file, 'utf8')).toBe(text);
    },
  );

  it('a group- or world-readable file is tightened to 0600 on read, with a warning', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      destination: { write: (line: string) => void lines.push(line) },
    });
    const vault = createFileVault(file, { logger });
    await vault.set('default', 'rt-1');
    await chmod(file, 0o644);
    await expect(vault.get('default')).resolves.toBe('rt-1');
    expect(await mode(file)).toBe(0o600);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"mode":"644"');
    expect(lines[0]).not.toContain('rt-1');
  });
});
