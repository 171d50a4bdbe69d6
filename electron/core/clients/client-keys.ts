import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { CLIENT_IDS, type ClientId } from '../../../shared/clients';
import {
  createKeychainStore,
  type KeytarApi,
  type SecretStore as BaseSecretStore,
} from '../keychain';
import { UserError } from '../errors';

/** Where client keys are kept: one secret per account name, in the keychain or a 0600 file. */
export interface SecretStore extends BaseSecretStore {
  readonly kind: 'keychain' | 'file';
}

/** The keychain account of a client's key: `client-key:<client id>`. */
export function clientKeyAccount(client: ClientId): string {
  return `client-key:${client}`;
}

/** A SecretStore over the OS keychain (service `mcp-gate`); a missing keychain is a UserError naming the fixes. */
export function createKeychainSecretStore(
  options: { readonly service?: string; readonly keytar?: KeytarApi } = {},
): SecretStore {
  return createKeychainStore(options);
}

const KeyFileSchema = z.strictObject({
  version: z.literal(1),
  secrets: z.record(z.string().min(1), z.string().min(1)),
});

/**
 * A SecretStore in one JSON file (`client-keys.json` in the config dir), mode 0600 in a 0700
 * folder, written atomically; for users who chose `--token-store file`.
 */
export function createFileSecretStore(filePath: string): SecretStore {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };
  const load = async (): Promise<Record<string, string>> => {
    let text: string;
    try {
      const info = await stat(filePath);
      if ((info.mode & 0o077) !== 0) await chmod(filePath, 0o600);
      text = await readFile(filePath, 'utf8');
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return {};
      throw new UserError(
        'client-keys-unreadable',
        `Cannot read ${filePath}: check its owner and permissions.`,
        { cause: error },
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    const parsed = KeyFileSchema.safeParse(json);
    if (!parsed.success) {
      throw new UserError(
        'client-keys-corrupt',
        `${filePath} is not a valid MCP Gate key file: move it away, then configure your clients again (\`mcp-gate clients configure <client>\`).`,
      );
    }
    return parsed.data.secrets;
  };
  const save = async (secrets: Record<string, string>): Promise<void> => {
    await mkdir(dirname(filePath), { recursive: true, mode: 0o700 });
    await writeFileAtomic(filePath, `${JSON.stringify({ version: 1, secrets }, null, 2)}\n`, {
      mode: 0o600,
      fsync: true,
    });
  };
  return {
    kind: 'file',
    get: (account) => serial(async () => (await load())[account] ?? null),
    set: (account, secret) => serial(async () => save({ ...(await load()), [account]: secret })),
    delete: (account) =>
      serial(async () => {
        const secrets = await load();
        if (secrets[account] === undefined) return false;
        await save(
          Object.fromEntries(Object.entries(secrets).filter(([name]) => name !== account)),
        );
        return true;
      }),
  };
}

/** A new local key: 32 random bytes, base64url. */
export function newClientKey(): string {
  return randomBytes(32).toString('base64url');
}

/** The local keys of the configured clients. */
export interface ClientKeys {
  /** The client's key; a new one is made and stored when it has none. */
  ensure(client: ClientId): Promise<string>;
  /** A new key for the client, replacing any old one (the old one stops working). */
  issue(client: ClientId): Promise<string>;
  /** Deletes the client's key; false when it had none. */
  revoke(client: ClientId): Promise<boolean>;
  /** The client's key, or null. */
  get(client: ClientId): Promise<string | null>;
  /** Every client that has a key, with its key (what the proxy checks against). */
  list(): Promise<ReadonlyMap<ClientId, string>>;
}

/** Client keys kept in `store` under `client-key:<client id>`. */
export function createClientKeys(
  store: SecretStore,
  generate: () => string = newClientKey,
): ClientKeys {
  const get = (client: ClientId): Promise<string | null> => store.get(clientKeyAccount(client));
  const issue = async (client: ClientId): Promise<string> => {
    const key = generate();
    await store.set(clientKeyAccount(client), key);
    return key;
  };
  return {
    get,
    issue,
    ensure: async (client) => (await get(client)) ?? issue(client),
    revoke: (client) => store.delete(clientKeyAccount(client)),
    list: async () => {
      const keys = new Map<ClientId, string>();
      for (const client of CLIENT_IDS) {
        const key = await get(client);
        if (key !== null) keys.set(client, key);
      }
      return keys;
    },
  };
}
