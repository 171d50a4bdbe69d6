import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors';
import type { AccessKeyCredentials } from './acs3-signer';
import type { SecretStore } from './secret-store';

/** Where an AccessKey was found. */
export type CredentialSource = 'environment' | `aliyun-cli:${string}` | 'keychain';

/** An AccessKey and where it came from. */
export interface FoundCredentials {
  readonly credentials: AccessKeyCredentials;
  readonly source: CredentialSource;
}

/** A source that was looked at and not used, and why (never a secret). */
export interface SkippedSource {
  readonly source: 'environment' | 'aliyun-cli' | 'keychain';
  readonly reason: string;
}

/** The outcome of looking for an AccessKey. */
export interface CredentialLookup {
  readonly found: FoundCredentials | null;
  readonly skipped: readonly SkippedSource[];
}

/** Where to look. */
export interface CredentialLookupOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  /** The keychain with AccessKeys the user chose to keep; null to skip it. */
  readonly secretStore: SecretStore | null;
  /** The MCP Gate profile whose kept AccessKey to read (default `default`). */
  readonly profile?: string;
}

/** Env variable names the Alibaba Cloud SDKs and CLI read. */
export const ENV_ACCESS_KEY_ID = 'ALIBABA_CLOUD_ACCESS_KEY_ID';
export const ENV_ACCESS_KEY_SECRET = 'ALIBABA_CLOUD_ACCESS_KEY_SECRET';
export const ENV_SECURITY_TOKEN = 'ALIBABA_CLOUD_SECURITY_TOKEN';

const CliProfileSchema = z.looseObject({
  name: z.string(),
  mode: z.string().optional(),
  access_key_id: z.string().optional(),
  access_key_secret: z.string().optional(),
  sts_token: z.string().optional(),
});
const CliConfigSchema = z.looseObject({
  current: z.string().optional(),
  profiles: z.array(CliProfileSchema).default([]),
});

const KeptAccessKeySchema = z.object({
  accessKeyId: z.string().min(1),
  accessKeySecret: z.string().min(1),
});

/** The keychain account name of the AccessKey kept for `profile`. */
export function accessKeyAccountName(profile: string): string {
  return `accesskey:${profile}`;
}

/** Path of the Alibaba Cloud CLI's profile file under `homeDir`. */
export function aliyunCliConfigPath(homeDir: string): string {
  return join(homeDir, '.aliyun', 'config.json');
}

/** Finds an AccessKey: environment, then the Alibaba Cloud CLI's current profile, then the keychain. */
export async function findAccessKey(options: CredentialLookupOptions): Promise<CredentialLookup> {
  const skipped: SkippedSource[] = [];
  const fromEnv = readEnvironment(options.env);
  if ('credentials' in fromEnv) return { found: fromEnv, skipped };
  skipped.push({ source: 'environment', reason: fromEnv.reason });

  const fromCli = await readAliyunCli(options.homeDir);
  if ('credentials' in fromCli) return { found: fromCli, skipped };
  skipped.push({ source: 'aliyun-cli', reason: fromCli.reason });

  if (options.secretStore === null) {
    skipped.push({ source: 'keychain', reason: 'the keychain was not consulted' });
    return { found: null, skipped };
  }
  const fromKeychain = await readKeychain(options.secretStore, options.profile ?? 'default');
  if ('credentials' in fromKeychain) return { found: fromKeychain, skipped };
  skipped.push({ source: 'keychain', reason: fromKeychain.reason });
  return { found: null, skipped };
}

/** Keeps an AccessKey the user entered in the keychain for `profile` (never the settings file). */
export async function keepAccessKey(
  store: SecretStore,
  profile: string,
  credentials: AccessKeyCredentials,
): Promise<void> {
  const value = JSON.stringify({
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret,
  });
  await store.set(accessKeyAccountName(profile), value);
}

/** Forgets the AccessKey kept for `profile`; false when there was none. */
export function forgetAccessKey(store: SecretStore, profile: string): Promise<boolean> {
  return store.delete(accessKeyAccountName(profile));
}

/** The error for "no AccessKey anywhere", listing why each source was skipped and the ways to provide one. */
export function noAccessKeyError(skipped: readonly SkippedSource[]): UserError {
  const reasons = skipped.map((s) => `${s.source}: ${s.reason}`).join('; ');
  return new UserError(
    'no-access-key',
    `No Alibaba Cloud AccessKey found (${reasons}). Set ${ENV_ACCESS_KEY_ID} and ${ENV_ACCESS_KEY_SECRET}, or configure the Alibaba Cloud CLI (\`aliyun configure --mode AK\`), or pass --oauth-client-id and add servers with \`mcp-gate servers add <endpoint-url>\`.`,
  );
}

type Attempt = FoundCredentials | { readonly reason: string };

function readEnvironment(env: Readonly<Record<string, string | undefined>>): Attempt {
  const id = env[ENV_ACCESS_KEY_ID]?.trim() ?? '';
  const secret = env[ENV_ACCESS_KEY_SECRET]?.trim() ?? '';
  const token = env[ENV_SECURITY_TOKEN]?.trim() ?? '';
  if (id === '' && secret === '') return { reason: `${ENV_ACCESS_KEY_ID} is not set` };
  if (id === '')
    return { reason: `${ENV_ACCESS_KEY_SECRET} is set but ${ENV_ACCESS_KEY_ID} is not` };
  if (secret === '')
    return { reason: `${ENV_ACCESS_KEY_ID} is set but ${ENV_ACCESS_KEY_SECRET} is not` };
  return {
    credentials: {
      accessKeyId: id,
      accessKeySecret: secret,
      ...(token === '' ? {} : { securityToken: token }),
    },
    source: 'environment',
  };
}

async function readAliyunCli(homeDir: string): Promise<Attempt> {
  const path = aliyunCliConfigPath(homeDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      reason: code === 'ENOENT' ? `no ${path}` : `cannot read ${path} (${code ?? 'error'})`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { reason: `${path} is not valid JSON` };
  }
  const parsed = CliConfigSchema.safeParse(json);
  if (!parsed.success) return { reason: `${path} does not have the CLI's profile shape` };
  const current = parsed.data.current ?? 'default';
  const profile = parsed.data.profiles.find((p) => p.name === current);
  if (profile === undefined)
    return { reason: `${path} has no profile "${safe(current)}" (its current one)` };
  const name = safe(profile.name);
  const mode = (profile.mode ?? '').toLowerCase();
  if (mode !== 'ak' && mode !== 'ststoken') {
    return {
      reason:
        mode === ''
          ? `CLI profile "${name}" is not configured (no mode)`
          : `CLI profile "${name}" uses mode ${safe(profile.mode ?? '')}; MCP Gate reads only AK and StsToken profiles`,
    };
  }
  const id = profile.access_key_id ?? '';
  const secret = profile.access_key_secret ?? '';
  if (id === '' || secret === '') {
    return { reason: `CLI profile "${name}" has no access_key_id / access_key_secret` };
  }
  const token = profile.sts_token ?? '';
  if (mode === 'ststoken' && token === '') {
    return { reason: `CLI profile "${name}" is in StsToken mode but has no sts_token` };
  }
  return {
    credentials: {
      accessKeyId: id,
      accessKeySecret: secret,
      ...(mode === 'ststoken' ? { securityToken: token } : {}),
    },
    source: `aliyun-cli:${profile.name}`,
  };
}

async function readKeychain(store: SecretStore, profile: string): Promise<Attempt> {
  let value: string | null;
  try {
    value = await store.get(accessKeyAccountName(profile));
  } catch (error) {
    return {
      reason: error instanceof UserError ? error.message : 'the keychain could not be read',
    };
  }
  if (value === null) return { reason: `no AccessKey kept for profile "${safe(profile)}"` };
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    json = null;
  }
  const parsed = KeptAccessKeySchema.safeParse(json);
  if (!parsed.success) {
    return {
      reason: `the AccessKey kept for profile "${safe(profile)}" is damaged: enter it again`,
    };
  }
  return { credentials: parsed.data, source: 'keychain' };
}

/** A name from a file, safe to put in a message. */
function safe(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').slice(0, 64);
}
