import { homedir } from 'node:os';
import type { FetchFn } from '../auth/http-fetch';
import { findAccessKey, type CredentialLookup } from '../cloud/credentials';
import { createKeychainSecretStore, type SecretStore } from '../cloud/secret-store';
import type { GateContext } from './gate-context';

/** What AccessKey lookups take from the outside world; tests replace each. */
export interface AccessKeyDeps {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly homeDir?: string;
  readonly secretStore?: SecretStore | null;
  readonly fetch?: FetchFn;
}

/**
 * Finds an AccessKey for management calls: environment, then the aliyun CLI's current profile,
 * then the keychain (not searched with --token-store file, where the user has no keychain).
 */
export function lookupAccessKey(
  context: GateContext,
  deps: AccessKeyDeps = {},
): Promise<CredentialLookup> {
  const { config } = context;
  return findAccessKey({
    env: deps.env ?? process.env,
    homeDir: deps.homeDir ?? homedir(),
    secretStore:
      deps.secretStore !== undefined
        ? deps.secretStore
        : config.tokenStore === 'file'
          ? null
          : createKeychainSecretStore(),
    profile: config.profile,
  });
}
