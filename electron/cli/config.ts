import type { SiteName } from '../../shared/sites';
import type { GuardPreset } from '../../shared/ipc/views';
import {
  GUARD_PRESETS,
  type ProfileSettings,
  type Settings,
  type TokenStoreKind,
} from '../../shared/settings';
import type { GateConfig } from '../core/context/gate-context';
import { UserError } from '../core/errors';

/** The flags shared by the commands, as commander hands them over (all optional). */
export interface CommonFlags {
  readonly profile?: string;
  readonly site?: string;
  readonly oauthClientId?: string;
  readonly oauthAppName?: string;
  readonly imsUrl?: string;
  readonly upstreamUrl?: string;
  readonly authorizeUrl?: string;
  readonly tokenUrl?: string;
  readonly revokeUrl?: string;
  readonly tokenStore?: string;
  readonly configDir?: string;
  readonly logLevel?: string;
  readonly host?: string;
  readonly port?: string;
  readonly browser?: boolean;
  readonly allowedServers?: string;
  readonly blockedServers?: string;
  readonly allowedOrigins?: string;
  readonly requireClientKey?: boolean;
  /** `--guard <preset>`: the Guard preset for this run (wins over the settings file). */
  readonly guard?: string;
  /** `--ask-timeout <seconds>`: how long a held tool call waits for a person. */
  readonly askTimeout?: string;
}

/** Everything a command needs to know, after flags have been laid over the settings file. */
export interface CliConfig extends GateConfig {
  readonly openBrowser: boolean;
  /** The `--guard` preset, or null to use the settings file's. */
  readonly guardPreset: GuardPreset | null;
  /** The `--ask-timeout` seconds, or null to use the settings file's. */
  readonly askTimeoutSeconds: number | null;
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** Lays the flags over the stored settings of the profile; flags win, then settings, then defaults. */
export function resolveCliConfig(flags: CommonFlags, settings: Settings): CliConfig {
  const profile = flags.profile ?? settings.defaultProfile;
  const stored = settings.profiles[profile] ?? { site: 'cn' as const };
  const site = parseSite(flags.site ?? stored.site);
  const sameSite = site === stored.site;
  const pick = (flag: string | undefined, saved: string | undefined): string | undefined =>
    flag ?? (sameSite ? saved : undefined);
  const overrides = compact({
    authorizeUrl: pick(flags.authorizeUrl, stored.authorizeUrl),
    tokenUrl: pick(flags.tokenUrl, stored.tokenUrl),
    revokeUrl: pick(flags.revokeUrl, stored.revokeUrl),
    upstreamUrl: pick(flags.upstreamUrl, stored.upstreamUrl),
  });
  const clientId = flags.oauthClientId ?? (sameSite ? stored.oauthClientId : undefined) ?? null;
  const tokenStore = parseTokenStore(flags.tokenStore ?? settings.proxy.tokenStore);
  const logLevel = flags.logLevel ?? settings.proxy.logLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new UserError('bad-flag', `--log-level must be one of ${LOG_LEVELS.join(', ')}.`);
  }
  const profileSettings: ProfileSettings = compact({
    site,
    oauthClientId: clientId ?? undefined,
    ...overrides,
    accountId: sameSite ? stored.accountId : undefined,
  }) as ProfileSettings;
  return {
    profile,
    profileSettings,
    site,
    clientId,
    oauthAppName: flags.oauthAppName ?? null,
    imsUrl: flags.imsUrl ?? null,
    overrides,
    tokenStore,
    host: flags.host ?? settings.proxy.host,
    port: flags.port === undefined ? settings.proxy.port : parsePort(flags.port),
    openBrowser: flags.browser !== false && hasDisplay(),
    allowedServers: list(flags.allowedServers) ?? settings.proxy.allowedServers,
    blockedServers: list(flags.blockedServers) ?? settings.proxy.blockedServers,
    allowedOrigins: list(flags.allowedOrigins) ?? settings.proxy.allowedOrigins,
    requireClientKey:
      flags.requireClientKey === undefined
        ? settings.proxy.requireClientKey
        : flags.requireClientKey
          ? 'always'
          : 'never',
    logLevel,
    guardPreset: flags.guard === undefined ? null : parseGuardPreset(flags.guard),
    askTimeoutSeconds: flags.askTimeout === undefined ? null : parseAskTimeout(flags.askTimeout),
  };
}

/** Reads a Guard preset name, or says which ones exist. */
export function parseGuardPreset(value: string): GuardPreset {
  const preset = GUARD_PRESETS.find((p) => p === value);
  if (preset !== undefined) return preset;
  throw new UserError(
    'bad-flag',
    `The Guard preset must be one of ${GUARD_PRESETS.join(', ')} (got "${value.slice(0, 40)}").`,
  );
}

/** Reads the seconds a held tool call waits for a person (1 to 3600). */
export function parseAskTimeout(value: string): number {
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || seconds < 1 || seconds > 3600) {
    throw new UserError(
      'bad-flag',
      `The ask timeout must be a whole number of seconds from 1 to 3600 (got "${value.slice(0, 40)}").`,
    );
  }
  return seconds;
}

function parseSite(value: string): SiteName {
  if (value === 'cn' || value === 'intl' || value === 'custom') return value;
  throw new UserError(
    'bad-flag',
    `--site must be cn, intl or custom (got "${value.slice(0, 40)}").`,
  );
}

function parseTokenStore(value: string): TokenStoreKind {
  if (value === 'keychain' || value === 'file') return value;
  throw new UserError(
    'bad-flag',
    `--token-store must be keychain or file (got "${value.slice(0, 40)}").`,
  );
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 0 || port > 65535) {
    throw new UserError(
      'bad-flag',
      `--port must be a number from 0 to 65535 (got "${value.slice(0, 40)}").`,
    );
  }
  return port;
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function hasDisplay(): boolean {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']);
}

function compact<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
