import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { checkKeychain, createKeychainVault } from '../../electron/core/auth/vault-keychain';
import { UserError } from '../../electron/core/errors';

const hasDbus = (process.env['DBUS_SESSION_BUS_ADDRESS'] ?? '') !== '';
const service = `mcp-gate-test-${randomBytes(6).toString('hex')}`;

describe.skipIf(!hasDbus)(
  'real Secret Service keychain (skipped: no DBUS_SESSION_BUS_ADDRESS; run through scripts/with-keyring.sh)',
  () => {
    const vault = createKeychainVault({ service });
    afterAll(async () => {
      await vault.delete('default');
      await vault.delete('work');
    });

    it('sets, reads, rotates and deletes a refresh token per profile', async () => {
      await checkKeychain(vault);
      expect(vault.kind).toBe('keychain');
      await expect(vault.get('default')).resolves.toBeNull();
      await vault.set('default', 'rt-1');
      await vault.set('work', 'rt-w');
      await expect(vault.get('default')).resolves.toBe('rt-1');
      await vault.set('default', 'rt-2');
      await expect(vault.get('default')).resolves.toBe('rt-2');
      await expect(vault.get('work')).resolves.toBe('rt-w');
      await expect(vault.delete('default')).resolves.toBe(true);
      await expect(vault.delete('default')).resolves.toBe(false);
      await expect(vault.get('default')).resolves.toBeNull();
    });

    it('a second vault object (another process, same service) sees the same entry', async () => {
      await vault.set('default', 'rt-shared');
      await expect(createKeychainVault({ service }).get('default')).resolves.toBe('rt-shared');
    });
  },
);

describe('keychain unavailable', () => {
  it('with no reachable D-Bus the vault fails with keychain-unavailable naming both fixes', async () => {
    const vaultModule = new URL('../../electron/core/auth/vault-keychain.ts', import.meta.url).href;
    // keytar caches its D-Bus connection, so the probe runs in a fresh process with a dead bus address.
    const probe = `
      const { checkKeychain, createKeychainVault } = await import(${JSON.stringify(vaultModule)});
      try {
        await checkKeychain(createKeychainVault({ service: ${JSON.stringify(service)} }));
        process.stdout.write(JSON.stringify({ name: 'none', code: 'none', message: 'keychain answered' }));
      } catch (e) {
        process.stdout.write(JSON.stringify({ name: e.name, code: e.code, message: e.message }));
      }`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/mcp-gate-bus',
    };
    delete env['DISPLAY'];
    delete env['WAYLAND_DISPLAY'];
    const output = await new Promise<string>((resolve, reject) => {
      const proc = spawn(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '--eval', probe],
        { env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      let err = '';
      proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      proc.on('error', reject);
      proc.on('close', (code) =>
        code === 0 ? resolve(out) : reject(new Error(`probe exited ${code}: ${err}`)),
      );
    });
    const result = JSON.parse(output) as { name: string; code: string; message: string };
    expect(result.name).toBe('UserError');
    expect(result.code).toBe('keychain-unavailable');
    expect(result.message).toMatch(/^No usable system keychain \(.+\): /);
    expect(result.message).toContain('install and unlock gnome-keyring or another Secret Service');
    expect(result.message).toContain('--token-store file');
  });

  it('maps any keytar failure (e.g. a locked collection) to the same UserError, never a file fallback', async () => {
    const vault = createKeychainVault({
      service,
      keytar: {
        getPassword: () =>
          Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY\nmore')),
        setPassword: () => Promise.reject(new Error('The collection is locked.')),
        deletePassword: () =>
          Promise.reject(new Error('The name org.freedesktop.secrets was not provided')),
      },
    });
    await expect(checkKeychain(vault)).rejects.toThrow(
      'No usable system keychain (Cannot autolaunch D-Bus without X11 $DISPLAY): install and unlock gnome-keyring',
    );
    await expect(vault.set('default', 'rt')).rejects.toBeInstanceOf(UserError);
    await expect(vault.delete('default')).rejects.toMatchObject({ code: 'keychain-unavailable' });
  });
});
