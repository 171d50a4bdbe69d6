import { createKeychainStore, keychainUnavailable, type KeytarApi } from '../keychain';
import type { TokenVault } from './types';

export type { KeytarApi } from '../keychain';

/** Options of createKeychainVault. */
export interface KeychainVaultOptions {
  /** Keychain service name; accounts are profile names. Default `mcp-gate`. */
  readonly service?: string;
  /** Injected keytar; by default `@github/keytar` is loaded on first use. */
  readonly keytar?: KeytarApi;
}

/** The error for a keychain that cannot hold the refresh token; names both fixes. */
export function keychainVaultUnavailable(cause: unknown): ReturnType<typeof keychainUnavailable> {
  return keychainUnavailable(
    cause,
    'start with --token-store file to keep the token in a 0600 file',
  );
}

/** A TokenVault over the OS keychain; accounts are profile names. */
export function createKeychainVault(options: KeychainVaultOptions = {}): TokenVault {
  return createKeychainStore({ ...options, unavailable: keychainVaultUnavailable });
}

/** Probes the keychain with one read; throws the keychain-unavailable UserError when it cannot be used. */
export async function checkKeychain(vault: TokenVault, profile = 'default'): Promise<void> {
  await vault.get(profile);
}
