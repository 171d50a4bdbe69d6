import { UserError } from './errors';

/** The keytar calls MCP Gate uses (GitHub's `@github/keytar`, or a stand-in in tests). */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** Named secrets: refresh tokens, local client keys, a kept AccessKey. */
export interface SecretStore {
  /** Reads the secret stored under `account`, or null when there is none. */
  get(account: string): Promise<string | null>;
  /** Stores (replaces) the secret under `account`. */
  set(account: string, secret: string): Promise<void>;
  /** Deletes the secret under `account`; false when there was none. */
  delete(account: string): Promise<boolean>;
}

/** The first line of a keychain failure, stripped of control characters, for an error message. */
export function keychainFailureReason(cause: unknown): string {
  const raw = cause instanceof Error ? cause.message : String(cause);
  const firstLine = (raw.split('\n')[0] ?? '').replace(/[\p{Cc}\p{Cf}]+/gu, ' ').trim();
  return (firstLine === '' ? 'unknown error' : firstLine).slice(0, 200);
}

/** The error for a keychain that cannot be used, naming how to install one and the other fix. */
export function keychainUnavailable(
  cause: unknown,
  otherFix = 'start with --token-store file to keep secrets in 0600 files',
): UserError {
  return new UserError(
    'keychain-unavailable',
    `No usable system keychain (${keychainFailureReason(cause)}): install and unlock gnome-keyring or another Secret Service, or ${otherFix}.`,
    { cause },
  );
}

/** Options of createKeychainStore. */
export interface KeychainStoreOptions {
  /** Keychain service name (default `mcp-gate`). */
  readonly service?: string;
  /** Injected keytar; by default `@github/keytar` is loaded on first use. */
  readonly keytar?: KeytarApi;
  /** Turns a keychain failure into the error the caller's user sees; never a silent fallback. */
  readonly unavailable?: (cause: unknown) => UserError;
}

/**
 * A SecretStore over the OS keychain (macOS Keychain, Windows Credential Manager, Secret
 * Service) via keytar, loaded on first use so a missing native module is a clear error.
 */
export function createKeychainStore(options: KeychainStoreOptions = {}): SecretStore & {
  readonly kind: 'keychain';
} {
  const service = options.service ?? 'mcp-gate';
  const unavailable = options.unavailable ?? ((cause: unknown) => keychainUnavailable(cause));
  let keytar: Promise<KeytarApi> | null =
    options.keytar === undefined ? null : Promise.resolve(options.keytar);

  async function call<T>(operation: (api: KeytarApi) => Promise<T>): Promise<T> {
    try {
      keytar ??= import('@github/keytar').then((m) => m.default);
      return await operation(await keytar);
    } catch (error) {
      throw unavailable(error);
    }
  }

  return {
    kind: 'keychain',
    get: (account) => call((api) => api.getPassword(service, account)),
    set: (account, secret) => call((api) => api.setPassword(service, account, secret)),
    delete: (account) => call((api) => api.deletePassword(service, account)),
  };
}
