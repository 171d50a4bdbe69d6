import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
let config: Configuration;

describe('electron-builder.yml', () => {
  beforeAll(async () => {
    // the loader and the schema validation electron-builder itself runs before building
    config = await getConfig(root, 'electron-builder.yml', null);
  });

  it('passes electron-builder 26’s own configuration validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('the validation would catch a misplaced or misspelt option', async () => {
    const wrong = { ...config, mac: { ...config.mac, LSUIElement: true } } as Configuration;
    await expect(validateConfiguration(wrong, new DebugLogger(false))).rejects.toThrow(
      /Invalid configuration object[\s\S]*configuration\.mac/,
    );
  });

  it('names the app, its resources and output', () => {
    expect(config).toMatchObject({
      appId: 'com.mcpgate.app',
      productName: 'MCP Gate',
      directories: { buildResources: 'build', output: 'out' },
      asar: true,
      npmRebuild: true,
      asarUnpack: ['node_modules/@github/keytar/**/*.node'],
    });
    // the loader turns the list into one file set
    expect(config.files).toEqual([
      {
        filter: [
          'package.json',
          'dist/main/**',
          'dist/preload/**',
          'dist/renderer/**',
          '!**/*.map',
        ],
      },
    ]);
  });

  it('sets the fuses: no run-as-node, NODE_OPTIONS or inspect; asar integrity; cookies encrypted', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: true,
    });
  });

  it('builds a dmg (hardened, entitlements, menu-bar only), nsis, AppImage and deb', () => {
    expect(config.mac).toMatchObject({
      target: [{ target: 'dmg' }],
      category: 'public.app-category.developer-tools',
      hardenedRuntime: true,
      entitlements: 'build/entitlements.mac.plist',
      extendInfo: { LSUIElement: true },
    });
    expect(config.win).toMatchObject({ target: [{ target: 'nsis' }] });
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'], category: 'Development' });
    expect(config.deb?.depends).toContain('libsecret-1-0');
  });

  it('entitles V8’s JIT and nothing wider', () => {
    const plist = readFileSync(`${root}/build/entitlements.mac.plist`, 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
  });
});
