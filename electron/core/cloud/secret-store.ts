import type { UserError } from '../errors';
import {
  createKeychainStore,
  keychainUnavailable,
  type KeytarApi,
  type SecretStore,
} from '../keychain';

export type { SecretStore } from '../keychain';

/** Options of createKeychainSecretStore. */
export interface KeychainSecretStoreOptions {
  /** Keychain service name (default `mcp-gate`). */
  readonly service?: string;
  /** Injected keytar; by default `@github/keytar` is loaded on first use. */
  readonly keytar?: KeytarApi;
}

/** The error for a keychain that cannot hold an AccessKey; names the fixes, never falls back to a file. */
export function accessKeyKeychainUnavailable(cause: unknown): UserError {
  return keychainUnavailable(
    cause,
    'pass the AccessKey in ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET instead',
  );
}

/** A SecretStore over the OS keychain for a kept AccessKey; names are keychain account names. */
export function createKeychainSecretStore(options: KeychainSecretStoreOptions = {}): SecretStore {
  return createKeychainStore({ ...options, unavailable: accessKeyKeychainUnavailable });
}
