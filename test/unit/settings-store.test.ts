import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSettings } from '../../electron/core/settings/settings-store';

describe('settings store', () => {
  it('reads defaults, writes updates to settings.json (0600) and reads them back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    const store = openSettings(dir);
    expect(store.read().proxy.port).toBe(8088);
    store.update((s) => ({ ...s, proxy: { ...s.proxy, port: 9001 } }));
    expect(openSettings(dir).read().proxy.port).toBe(9001);
    expect(store.path).toBe(join(dir, 'settings.json'));
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
  });

  it('refuses a file that does not parse, naming the fix, and leaves it untouched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    const file = join(dir, 'settings.json');
    writeFileSync(file, '{ "proxy": ');
    expect(() => openSettings(dir).read()).toThrow(/settings file .*Fix the JSON|Fix the JSON/);
    expect(readFileSync(file, 'utf8')).toBe('{ "proxy": ');
  });

  it('refuses a file of the wrong shape, naming the entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ proxy: { port: 'eighty' } }));
    expect(() => openSettings(dir).read()).toThrow(/proxy\.port/);
    expect(readFileSync(file, 'utf8')).toContain('eighty');
  });
});
