import type { ContractHandlers, EventName, EventPayloads } from '../../../shared/ipc/contract';
import type { AppStatus, ClientView, ServersView } from '../../../shared/ipc/views';
import type { FetchFn } from '../auth/http-fetch';
import type { Clock, TokenVault } from '../auth/types';
import type { SecretStore } from '../clients/client-keys';
import type { SettingsBackingFactory } from '../settings/settings-store';
import type { Logger } from '../logger';

/**
 * The desktop app's core: every contract channel implemented over the same services the
 * headless proxy uses. Electron main serves it over IPC; `demo:ui` serves it over loopback HTTP.
 */
export interface AppService {
  readonly handlers: ContractHandlers;
  /** Subscribes to a pushed event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
  /** The tray's state now, without I/O. */
  status(): AppStatus;
  /** The last server listing (no cloud call); for the tray's Servers menu. */
  servers(): Promise<ServersView>;
  /** The client states (reads client files); for the tray's Configure clients menu. */
  clients(): Promise<readonly ClientView[]>;
  /** Starts the proxy on the configured host and port (a failure is reported in status, not thrown). */
  start(): Promise<void>;
  /** Stops the proxy, cancels a sign-in under way, flushes the activity log. Safe to call twice. */
  stop(): Promise<void>;
}

/** What the app service is built from; the composition root (Electron main, demo:ui, tests) fills it in. */
export interface AppServiceDeps {
  /** Holds settings.json, client-keys, activity log; default: the CLI's config folder. */
  readonly configDir: string;
  /** Opens a URL in the system browser (the sign-in page). */
  readonly openExternal: (url: string) => Promise<void>;
  /** Opens a folder in the file manager (the logs folder). */
  readonly openPath: (path: string) => Promise<void>;
  /** Environment and home folder that client config files are found from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: string;
  readonly homeDir: string;
  readonly logger: Logger;
  /** Where refresh tokens live; by default the keychain (or the 0600 file when settings say so). */
  readonly vault?: TokenVault;
  /** Where client keys live; by default the keychain (or `client-keys.json`). */
  readonly clientKeyStore?: SecretStore;
  /** How settings.json is read and written: electron-store in the app, json-file-backing.ts elsewhere. */
  readonly settingsBacking?: SettingsBackingFactory;
  readonly fetch?: FetchFn;
  readonly clock?: Clock;
  /** How Claude Desktop starts the stdio bridge (the app's own executable in Electron). */
  readonly bridgeCommand?: () => { readonly command: string; readonly args: readonly string[] };
}
