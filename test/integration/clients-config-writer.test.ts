import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyClientEdit, BACKUP_SUFFIX } from '../../electron/core/clients/config-writer';
import { UserError } from '../../electron/core/errors';

const entry = {
  url: 'http://127.0.0.1:8088/accounts/1/custom/demo/id/x/mcp',
  headers: { 'X-MCP-Gate-Key': 'K' },
};
let home: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'mcp-gate-writer-'));
});
afterEach(async () => {
  await chmod(home, 0o700).catch(() => undefined);
  await rm(home, { recursive: true, force: true });
});

const cursorEdit = (file: string) => ({
  file,
  rootKey: 'mcpServers' as const,
  allowComments: true,
  entries: { 'aliyun-demo': entry },
  holdsKey: true,
});

describe('applyClientEdit', () => {
  it('creates missing folders and a new 0600 file holding the key', async () => {
    const file = join(home, '.cursor', 'mcp.json');
    const result = await applyClientEdit(cursorEdit(file));
    expect(result).toMatchObject({ changed: true, created: true, backup: null });
    expect(await readFile(file, 'utf8')).toBe(
      `{\n  "mcpServers": {\n    "aliyun-demo": {\n      "url": "${entry.url}",\n      "headers": {\n        "X-MCP-Gate-Key": "K"\n      }\n    }\n  }\n}\n`,
    );
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('keeps CRLF, BOM, comments, other servers and the file mode; keeps a backup of the old bytes', async () => {
    const file = join(home, 'mcp.json');
    const before =
      '\uFEFF{\r\n  // mine\r\n  "mcpServers": {\r\n    "other": { "url": "http://x" },\r\n  },\r\n  "x": true\r\n}\r\n';
    await writeFile(file, before, { mode: 0o640 });
    await chmod(file, 0o640);
    const result = await applyClientEdit(cursorEdit(file));
    const after = await readFile(file, 'utf8');
    expect(
      after.startsWith(
        '\uFEFF{\r\n  // mine\r\n  "mcpServers": {\r\n    "other": { "url": "http://x" },\r\n    "aliyun-demo": {\r\n',
      ),
    ).toBe(true);
    expect(after.endsWith('  "x": true\r\n}\r\n')).toBe(true);
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(result.backup).toBe(file + BACKUP_SUFFIX);
    expect(await readFile(file + BACKUP_SUFFIX, 'utf8')).toBe(before);
  });

  it('writes the target of a symlink and keeps the link', async () => {
    const real = join(home, 'dotfiles', 'mcp.json');
    await mkdir(join(home, 'dotfiles'));
    await writeFile(real, '{}\n');
    const link = join(home, 'mcp.json');
    await symlink(real, link);
    const result = await applyClientEdit(cursorEdit(link));
    expect(result.target).toBe(real);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe(real);
    expect(JSON.parse(await readFile(real, 'utf8'))).toEqual({
      mcpServers: { 'aliyun-demo': entry },
    });
  });

  it('refuses a file that does not parse, naming file:line:column, and leaves it untouched', async () => {
    const file = join(home, 'cline_mcp_settings.json');
    const bad = '{\n  "mcpServers": {\n    "a": {},\n  }\n}\n';
    await writeFile(file, bad);
    const error = await applyClientEdit({ ...cursorEdit(file), allowComments: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(
      new RegExp(`^${file.replace(/[.]/g, '\\.')}:4:3: .*not changed`),
    );
    expect(await readFile(file, 'utf8')).toBe(bad);
    await expect(stat(file + BACKUP_SUFFIX)).rejects.toThrow();
  });

  it('refuses a read-only file with a UserError naming the file and the fix', async () => {
    const file = join(home, 'mcp.json');
    await writeFile(file, '{}\n');
    await chmod(file, 0o444);
    const error = await applyClientEdit(cursorEdit(file)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'client-config-read-only',
      message: expect.stringContaining(`chmod u+w "${file}"`),
    });
    expect(await readFile(file, 'utf8')).toBe('{}\n');
  });

  it('re-plans when another process writes the file between read and write, keeping its change', async () => {
    const file = join(home, 'mcp.json');
    await writeFile(file, '{\n  "mcpServers": {}\n}\n');
    let calls = 0;
    const result = await applyClientEdit({
      ...cursorEdit(file),
      beforeCommit: async (target) => {
        calls++;
        if (calls === 1)
          await writeFile(target, '{\n  "mcpServers": {\n    "theirs": {}\n  }\n}\n');
      },
    });
    expect(calls).toBe(2);
    expect(result.changed).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      mcpServers: { theirs: {}, 'aliyun-demo': entry },
    });
    expect(await readFile(file + BACKUP_SUFFIX, 'utf8')).toBe(
      '{\n  "mcpServers": {\n    "theirs": {}\n  }\n}\n',
    );
  });

  it('gives up with client-config-busy when the file keeps changing, without writing', async () => {
    const file = join(home, 'mcp.json');
    await writeFile(file, '{}');
    let n = 0;
    const error = await applyClientEdit({
      ...cursorEdit(file),
      beforeCommit: async (target) => writeFile(target, `{"n": ${++n}}`),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'client-config-busy' });
    expect(await readFile(file, 'utf8')).toBe('{"n": 3}');
  });

  it('dry run returns the diff and writes nothing', async () => {
    const file = join(home, 'mcp.json');
    await writeFile(file, '{}\n');
    const result = await applyClientEdit({ ...cursorEdit(file), dryRun: true });
    expect(result.diff).toContain('+    "aliyun-demo": {');
    expect(await readFile(file, 'utf8')).toBe('{}\n');
  });
});
