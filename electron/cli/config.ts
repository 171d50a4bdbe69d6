import type { SiteName } from '../../shared/sites';
import type { ProfileSettings, Settings, TokenStoreKind } from '../../shared/settings';
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
}

/** Everything a command needs to know, after flags have been laid over the settings file. */
export interface CliConfig extends GateConfig {
  readonly openBrowser: boolean;
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
  };
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
