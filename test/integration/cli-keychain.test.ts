import keytar from '@github/keytar';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeSignIn, startLocalCloud, type LocalCloud } from '../fixtures/local-cloud';
import { cloudFlags, runCli, startCli } from './cli-harness';

const hasSessionBus = Boolean(process.env['DBUS_SESSION_BUS_ADDRESS']);

describe.skipIf(!hasSessionBus)(
  'mcp-gate login with the real keychain (needs a D-Bus session: scripts/with-keyring.sh)',
  () => {
    let cloud: LocalCloud;
    // a unique profile, so a developer's own `mcp-gate` keychain entries are never touched
    const profile = `test-${randomUUID()}`;

    beforeAll(async () => {
      cloud = await startLocalCloud();
    });
    afterAll(async () => {
      await keytar.deletePassword('mcp-gate', profile);
      await cloud.close();
    });

    it('keeps the refresh token in the keychain, shows it in status, and logout removes it', async () => {
      const configDir = mkdtempSync(join(tmpdir(), 'mcp-gate-kc-'));
      const common = ['--profile', profile, '--config-dir', configDir];
      const login = startCli([
        'login',
        ...cloudFlags(cloud),
        '--port',
        '0',
        '--no-browser',
        ...common,
      ]);
      const [url] = await login.waitFor(
        new RegExp(`${cloud.authorizeUrl.replace(/[.?]/g, '\\$&')}\\?\\S+`),
      );
      const result = await completeSignIn(url);
      expect(result.callbackStatus).toBe(200);
      expect(await login.exited()).toBe(0);
      expect(login.stdout()).toContain('the system keychain');

      const stored = await keytar.getPassword('mcp-gate', profile);
      expect(stored).toBeTruthy();
      const refresh = cloud.tokenRequests.filter((r) => r['grant_type'] === 'authorization_code');
      expect(refresh).toHaveLength(1);
      expect(login.stdout() + login.stderr()).not.toContain(stored ?? '--');

      const status = await runCli(['status', '--json', ...common]);
      const report = JSON.parse(status.stdout) as {
        profiles: { name: string; signedIn: boolean }[];
      };
      expect(report.profiles.find((p) => p.name === profile)?.signedIn).toBe(true);

      const logout = await runCli(['logout', ...common]);
      expect(logout.code).toBe(0);
      expect(logout.stdout).toContain('revoked and deleted');
      expect(await keytar.getPassword('mcp-gate', profile)).toBeNull();
      expect(cloud.revokeRequests.at(-1)?.['token']).toBe(stored);
    });
  },
);
