import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  findAccessKey,
  forgetAccessKey,
  keepAccessKey,
  noAccessKeyError,
} from '../../electron/core/cloud/credentials';
import {
  createKeychainSecretStore,
  type SecretStore,
} from '../../electron/core/cloud/secret-store';
import { UserError } from '../../electron/core/errors';

const SECRET = 'do-not-leak-this-secret';
let home: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'mcp-gate-home-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

function memoryStore(): SecretStore & { readonly entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: async (name) => entries.get(name) ?? null,
    set: async (name, secret) => void entries.set(name, secret),
    delete: async (name) => entries.delete(name),
  };
}

async function writeCliConfig(config: unknown): Promise<void> {
  await mkdir(join(home, '.aliyun'), { recursive: true });
  await writeFile(join(home, '.aliyun', 'config.json'), JSON.stringify(config));
}

const profile = (fields: Record<string, string>) => ({
  name: 'default',
  region_id: 'cn-hangzhou',
  ...fields,
});

describe('findAccessKey', () => {
  it('prefers the environment, with the STS token', async () => {
    await writeCliConfig({
      current: 'default',
      profiles: [profile({ mode: 'AK', access_key_id: 'cli', access_key_secret: 'x' })],
    });
    const lookup = await findAccessKey({
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'env-id',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
        ALIBABA_CLOUD_SECURITY_TOKEN: 'tok',
      },
      homeDir: home,
      secretStore: null,
    });
    expect(lookup.found).toEqual({
      credentials: { accessKeyId: 'env-id', accessKeySecret: SECRET, securityToken: 'tok' },
      source: 'environment',
    });
  });

  it('reads the current AK profile of the Alibaba Cloud CLI', async () => {
    await writeCliConfig({
      current: 'work',
      profiles: [
        profile({ mode: 'AK', access_key_id: 'other', access_key_secret: 'x' }),
        {
          ...profile({ mode: 'AK', access_key_id: 'work-id', access_key_secret: SECRET }),
          name: 'work',
        },
      ],
    });
    const lookup = await findAccessKey({ env: {}, homeDir: home, secretStore: null });
    expect(lookup.found).toEqual({
      credentials: { accessKeyId: 'work-id', accessKeySecret: SECRET },
      source: 'aliyun-cli:work',
    });
    expect(lookup.skipped).toEqual([
      { source: 'environment', reason: 'ALIBABA_CLOUD_ACCESS_KEY_ID is not set' },
    ]);
  });

  it('reads a StsToken profile (mode in any case) with its token', async () => {
    await writeCliConfig({
      current: 'default',
      profiles: [
        profile({
          mode: 'ststoken',
          access_key_id: 'sts-id',
          access_key_secret: SECRET,
          sts_token: 'tok',
        }),
      ],
    });
    const lookup = await findAccessKey({ env: {}, homeDir: home, secretStore: null });
    expect(lookup.found?.credentials).toEqual({
      accessKeyId: 'sts-id',
      accessKeySecret: SECRET,
      securityToken: 'tok',
    });
  });

  it.each([
    ['no file', null, /^no .*config\.json$/],
    ['not JSON', '{', /not valid JSON/],
    ['no current profile', { current: 'gone', profiles: [] }, /no profile "gone"/],
    [
      'RamRoleArn mode',
      {
        current: 'default',
        profiles: [profile({ mode: 'RamRoleArn', access_key_id: 'a', access_key_secret: SECRET })],
      },
      /uses mode RamRoleArn; MCP Gate reads only AK and StsToken/,
    ],
    ['no mode', { current: 'default', profiles: [profile({})] }, /not configured/],
    [
      'AK without secret',
      { current: 'default', profiles: [profile({ mode: 'AK', access_key_id: 'a' })] },
      /no access_key_id \/ access_key_secret/,
    ],
    [
      'StsToken without token',
      {
        current: 'default',
        profiles: [profile({ mode: 'StsToken', access_key_id: 'a', access_key_secret: SECRET })],
      },
      /no sts_token/,
    ],
  ])('skips the CLI profile with a reason: %s', async (_label, config, reason) => {
    if (typeof config === 'string') {
      await mkdir(join(home, '.aliyun'), { recursive: true });
      await writeFile(join(home, '.aliyun', 'config.json'), config);
    } else if (config !== null) {
      await writeCliConfig(config);
    }
    const lookup = await findAccessKey({ env: {}, homeDir: home, secretStore: null });
    expect(lookup.found).toBeNull();
    const cli = lookup.skipped.find((s) => s.source === 'aliyun-cli');
    expect(cli?.reason).toMatch(reason);
    expect(JSON.stringify(lookup)).not.toContain(SECRET);
  });

  it('reports a half-set environment without the values', async () => {
    const lookup = await findAccessKey({
      env: { ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET },
      homeDir: home,
      secretStore: null,
    });
    expect(lookup.skipped[0]?.reason).toBe(
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but ALIBABA_CLOUD_ACCESS_KEY_ID is not',
    );
    expect(JSON.stringify(lookup)).not.toContain(SECRET);
  });

  it('falls back to the AccessKey kept in the keychain for the profile', async () => {
    const store = memoryStore();
    await keepAccessKey(store, 'work', {
      accessKeyId: 'kept',
      accessKeySecret: SECRET,
      securityToken: 'never-kept',
    });
    expect([...store.entries.keys()]).toEqual(['accesskey:work']);
    expect(store.entries.get('accesskey:work')).not.toContain('never-kept');
    const lookup = await findAccessKey({
      env: {},
      homeDir: home,
      secretStore: store,
      profile: 'work',
    });
    expect(lookup.found).toEqual({
      credentials: { accessKeyId: 'kept', accessKeySecret: SECRET },
      source: 'keychain',
    });
    expect(await forgetAccessKey(store, 'work')).toBe(true);
    const after = await findAccessKey({
      env: {},
      homeDir: home,
      secretStore: store,
      profile: 'work',
    });
    expect(after.found).toBeNull();
    expect(after.skipped.at(-1)).toEqual({
      source: 'keychain',
      reason: 'no AccessKey kept for profile "work"',
    });
  });

  it('turns a broken keychain into a skip reason that names the fix', async () => {
    const store = createKeychainSecretStore({
      keytar: {
        getPassword: () =>
          Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
        setPassword: () => Promise.reject(new Error('x')),
        deletePassword: () => Promise.reject(new Error('x')),
      },
    });
    const lookup = await findAccessKey({ env: {}, homeDir: home, secretStore: store });
    const reason = lookup.skipped.at(-1)?.reason ?? '';
    expect(reason).toContain('No usable system keychain (Cannot autolaunch D-Bus');
    expect(reason).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
    await expect(store.set('accesskey:default', SECRET)).rejects.toBeInstanceOf(UserError);
  });

  it('keychain secret store uses service mcp-gate', async () => {
    const calls: string[] = [];
    const store = createKeychainSecretStore({
      keytar: {
        getPassword: async (service, account) => {
          calls.push(`${service}/${account}`);
          return null;
        },
        setPassword: async () => undefined,
        deletePassword: async () => false,
      },
    });
    await store.get('accesskey:default');
    expect(calls).toEqual(['mcp-gate/accesskey:default']);
  });

  it('the no-AccessKey error lists the reasons and the ways out', () => {
    const error = noAccessKeyError([
      { source: 'environment', reason: 'ALIBABA_CLOUD_ACCESS_KEY_ID is not set' },
    ]);
    expect(error.code).toBe('no-access-key');
    expect(error.message).toContain('environment: ALIBABA_CLOUD_ACCESS_KEY_ID is not set');
    expect(error.message).toContain('aliyun configure --mode AK');
    expect(error.message).toContain('mcp-gate servers add');
  });
});
