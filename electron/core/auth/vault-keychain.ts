import { UserError } from '../errors';
import type { TokenVault } from './types';

/** The keytar calls the vault uses (GitHub's `@github/keytar`, or a stand-in). */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** Options of createKeychainVault. */
export interface KeychainVaultOptions {
  /** Keychain service name; accounts are profile names. Default `mcp-gate`. */
  readonly service?: string;
  /** Injected keytar; by default `@github/keytar` is loaded on first use. */
  readonly keytar?: KeytarApi;
}

/** The error for a keychain that cannot be used; names both fixes, never falls back to a file. */
export function keychainUnavailable(cause: unknown): UserError {
  const raw = cause instanceof Error ? cause.message : String(cause);
  const firstLine = (raw.split('\n')[0] ?? '').replace(/[\p{Cc}\p{Cf}]+/gu, ' ').trim();
  const reason = (firstLine === '' ? 'unknown error' : firstLine).slice(0, 200);
  return new UserError(
    'keychain-unavailable',
    `No usable system keychain (${reason}): install and unlock gnome-keyring or another Secret Service, or start with --token-store file to keep the token in a 0600 file.`,
    { cause },
  );
}

async function loadKeytar(): Promise<KeytarApi> {
  const module = await import('@github/keytar');
  return module.default;
}

/** A TokenVault over the OS keychain (Keychain, Credential Manager, Secret Service) via keytar. */
export function createKeychainVault(options: KeychainVaultOptions = {}): TokenVault {
  const service = options.service ?? 'mcp-gate';
  let keytar: Promise<KeytarApi> | null =
    options.keytar === undefined ? null : Promise.resolve(options.keytar);

  async function call<T>(operation: (api: KeytarApi) => Promise<T>): Promise<T> {
    try {
      keytar ??= loadKeytar();
      return await operation(await keytar);
    } catch (error) {
      throw keychainUnavailable(error);
    }
  }

  return {
    kind: 'keychain',
    get: (profile) => call((api) => api.getPassword(service, profile)),
    set: (profile, refreshToken) => call((api) => api.setPassword(service, profile, refreshToken)),
    delete: (profile) => call((api) => api.deletePassword(service, profile)),
  };
}

/** Probes the keychain with one read; throws the keychain-unavailable UserError when it cannot be used. */
export async function checkKeychain(vault: TokenVault, profile = 'default'): Promise<void> {
  await vault.get(profile);
}
