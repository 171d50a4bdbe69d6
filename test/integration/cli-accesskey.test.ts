import keytar from '@github/keytar';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCESS_KEY, startLocalCloud, type LocalCloud } from '../fixtures/local-cloud';
import { runCli } from './cli-harness';

const hasSessionBus = Boolean(process.env['DBUS_SESSION_BUS_ADDRESS']);

describe('mcp-gate accesskey', () => {
  it('refuses to keep an AccessKey in a file, naming the environment variables instead', async () => {
    const r = await runCli(
      [
        'accesskey',
        'set',
        '--token-store',
        'file',
        '--config-dir',
        mkdtempSync(join(tmpdir(), 'ak-')),
      ],
      {},
      'LTAIsomething\nsecret-secret\n',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
    expect(r.stdout + r.stderr).not.toContain('secret-secret');
  });

  describe.skipIf(!hasSessionBus)('with the real keychain (scripts/with-keyring.sh)', () => {
    let cloud: LocalCloud;
    const profile = `test-${randomUUID()}`;
    beforeAll(async () => {
      cloud = await startLocalCloud();
    });
    afterAll(async () => {
      await keytar.deletePassword('mcp-gate', `accesskey:${profile}`);
      await cloud.close();
    });

    it('keeps the key in the keychain, lists servers with it, and removes it', async () => {
      const configDir = mkdtempSync(join(tmpdir(), 'ak-'));
      const common = ['--profile', profile, '--config-dir', configDir];
      const set = await runCli(
        ['accesskey', 'set', ...common],
        {},
        `${DEFAULT_ACCESS_KEY.accessKeyId}\n${DEFAULT_ACCESS_KEY.accessKeySecret}\n`,
      );
      expect(set.code, set.stderr).toBe(0);
      expect(set.stdout + set.stderr).not.toContain(DEFAULT_ACCESS_KEY.accessKeySecret);
      expect(await keytar.getPassword('mcp-gate', `accesskey:${profile}`)).toContain(
        DEFAULT_ACCESS_KEY.accessKeyId,
      );

      const listed = await runCli([
        'servers',
        '--json',
        '--site',
        'custom',
        '--upstream-url',
        cloud.upstreamUrl,
        ...common,
      ]);
      expect(listed.code, listed.stderr).toBe(0);
      const report = JSON.parse(listed.stdout) as {
        credentialSource: string;
        servers: { name: string }[];
      };
      expect(report.credentialSource).toBe('keychain');
      expect(report.servers.map((s) => s.name)).toContain('demo');

      const removed = await runCli(['accesskey', 'remove', ...common]);
      expect(removed.stdout).toContain('Deleted');
      expect(await keytar.getPassword('mcp-gate', `accesskey:${profile}`)).toBeNull();
    });

    it('refuses an empty secret and keeps nothing', async () => {
      const configDir = mkdtempSync(join(tmpdir(), 'ak-'));
      const r = await runCli(
        ['accesskey', 'set', '--profile', profile, '--config-dir', configDir],
        {},
        'LTAIsomething\n\n',
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('nothing was kept');
      expect(await keytar.getPassword('mcp-gate', `accesskey:${profile}`)).toBeNull();
    });
  });
});
