import Conf from 'conf';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonFileBacking } from '../../electron/core/settings/json-file-backing';
import type { SettingsBackingOptions } from '../../electron/core/settings/settings-store';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcp-gate-json-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const options = (cwd: string): SettingsBackingOptions => ({
  projectName: 'mcp-gate',
  cwd,
  configName: 'settings',
  clearInvalidConfig: false,
  configFileMode: 0o600,
});

const openConf = (cwd: string): Conf<Record<string, unknown>> =>
  new Conf<Record<string, unknown>>({ ...options(cwd) });

describe('settings.json without conf', () => {
  it('writes the same bytes and mode as conf, and each reads what the other wrote', () => {
    const value = { defaultProfile: 'work', proxy: { port: 9001, allowedServers: ['a', 'b'] } };
    const ours = join(dir, 'ours');
    const theirs = join(dir, 'theirs');
    jsonFileBacking(options(ours)).store = value;
    openConf(theirs).store = value;
    const ourFile = join(ours, 'settings.json');
    const theirFile = join(theirs, 'settings.json');
    expect(readFileSync(ourFile, 'utf8')).toBe(readFileSync(theirFile, 'utf8'));
    expect(statSync(ourFile).mode & 0o777).toBe(statSync(theirFile).mode & 0o777);
    expect(openConf(ours).store).toEqual(value);
    expect(jsonFileBacking(options(theirs)).store).toEqual(value);
  });

  it('reads an absent file as empty and creates the folder, as conf does', () => {
    const nested = join(dir, 'a', 'b');
    const backing = jsonFileBacking(options(nested));
    expect(backing.path).toBe(join(nested, 'settings.json'));
    expect(backing.store).toEqual({});
    expect(statSync(nested).isDirectory()).toBe(true);
  });

  it("keeps conf's bookkeeping key on writes and never hands it out", () => {
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ __internal__: { migrations: { version: '1.0.0' } } }));
    const backing = jsonFileBacking(options(dir));
    expect(backing.store).toEqual({});
    backing.store = { defaultProfile: 'x', __internal__: { forged: true } };
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      defaultProfile: 'x',
      __internal__: { migrations: { version: '1.0.0' } },
    });
  });

  it('skips a byte order mark and reads a value that is not an object as empty', () => {
    const file = join(dir, 'settings.json');
    writeFileSync(file, '\uFEFF{"defaultProfile":"bom"}');
    expect(jsonFileBacking(options(dir)).store).toEqual({ defaultProfile: 'bom' });
    writeFileSync(file, '[1,2]');
    expect(jsonFileBacking(options(dir)).store).toEqual({});
  });

  it('reports a file that does not parse when opened, in conf’s words, and leaves it alone', () => {
    const file = join(dir, 'settings.json');
    writeFileSync(file, '{ "proxy": ');
    expect(() => jsonFileBacking(options(dir))).toThrow(
      `The config file \`${file}\` is not valid JSON.`,
    );
    expect(readFileSync(file, 'utf8')).toBe('{ "proxy": ');
  });

  it.skipIf(process.platform === 'win32')('writes through a symlinked settings.json', () => {
    const real = join(dir, 'real');
    mkdirSync(real);
    writeFileSync(join(real, 'settings.json'), '{}');
    const linked = join(dir, 'linked');
    mkdirSync(linked);
    symlinkSync(join(real, 'settings.json'), join(linked, 'settings.json'));
    jsonFileBacking(options(linked)).store = { defaultProfile: 'through' };
    expect(JSON.parse(readFileSync(join(real, 'settings.json'), 'utf8'))).toEqual({
      defaultProfile: 'through',
    });
  });
});
