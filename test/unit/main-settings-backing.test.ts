import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openSettings } from '../../electron/core/settings/settings-store';
import { electronStoreBacking } from '../../electron/main/settings-backing';

// electron-store is loaded by Node outside Vite, where `electron` would be the real package
// (which tries to download its binary), so it is replaced here by what electron-store 12 does
// with the options: `name` becomes conf's `configName`, `cwd` is used as given (absolute).
const constructed = vi.hoisted(() => [] as Record<string, unknown>[]);
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  return {
    default: class ElectronStoreStandIn extends Conf<Record<string, unknown>> {
      constructor(options: { readonly name?: string; readonly cwd?: string }) {
        constructed.push({ ...options });
        const { name, ...rest } = options;
        super({ ...rest, configName: name ?? 'config' });
      }
    },
  };
});

describe('settings through electron-store', () => {
  let dir = '';
  beforeEach(() => {
    constructed.length = 0;
    dir = mkdtempSync(join(tmpdir(), 'mcp-gate-settings-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens electron-store on <configDir>/settings.json with the CLI options', () => {
    openSettings(dir, electronStoreBacking);
    expect(constructed).toEqual([
      { cwd: dir, name: 'settings', clearInvalidConfig: false, configFileMode: 0o600 },
    ]);
  });

  it('is the same settings.json the CLI reads and writes', () => {
    const app = openSettings(dir, electronStoreBacking);
    expect(app.path).toBe(join(dir, 'settings.json'));
    app.update((current) => ({ ...current, proxy: { ...current.proxy, port: 9099 } }));

    const cli = openSettings(dir);
    expect(cli.path).toBe(app.path);
    expect(cli.read().proxy.port).toBe(9099);
    cli.update((current) => ({ ...current, defaultProfile: 'work' }));
    expect(app.read().defaultProfile).toBe('work');
    expect(JSON.parse(readFileSync(app.path, 'utf8'))).toMatchObject({
      defaultProfile: 'work',
      proxy: { port: 9099 },
    });
    if (process.platform !== 'win32') expect(statSync(app.path).mode & 0o777).toBe(0o600);
  });
});
