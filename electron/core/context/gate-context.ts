import type { ProfileSettings, Settings, TokenStoreKind } from '../../../shared/settings';
import type { SiteName } from '../../../shared/sites';
import {
  applyMetadata,
  discoverMetadata,
  resolveEndpoints,
  type EndpointOverrides,
} from '../auth/endpoints';
import type { TokenVault } from '../auth/types';
import { createFileVault } from '../auth/vault-file';
import { checkKeychain, createKeychainVault } from '../auth/vault-keychain';
import {
  createFileSecretStore,
  createKeychainSecretStore,
  type SecretStore,
} from '../clients/client-keys';
import type { GateEndpoints } from '../gate';
import type { Logger } from '../logger';
import type { GatePaths } from '../paths';
import type { SettingsStore } from '../settings/settings-store';

/** The configuration in force for one profile: settings, with any command-line flags laid over them. */
export interface GateConfig {
  readonly profile: string;
  readonly profileSettings: ProfileSettings;
  readonly site: SiteName;
  readonly clientId: string | null;
  /** Name of the RAM NativeApp to find or create when there is no client id (default `mcp-gate`). */
  readonly oauthAppName: string | null;
  /** IMS endpoint for finding the OAuth app (the site's by default; needed with a custom site). */
  readonly imsUrl: string | null;
  readonly overrides: {
    readonly authorizeUrl?: string;
    readonly tokenUrl?: string;
    readonly revokeUrl?: string;
    readonly upstreamUrl?: string;
  };
  readonly tokenStore: TokenStoreKind;
  readonly host: string;
  readonly port: number;
  readonly allowedServers: readonly string[];
  readonly blockedServers: readonly string[];
  readonly allowedOrigins: readonly string[];
  readonly requireClientKey: 'always' | 'never' | 'when-configured';
  readonly logLevel: string;
}

/** What the services above the core start from: paths, settings, the configuration in force, a logger. */
export interface GateContext {
  readonly paths: GatePaths;
  readonly settings: SettingsStore;
  readonly config: GateConfig;
  readonly logger: Logger;
}

/** The configuration of a profile from the settings file alone (the desktop app has no flags). */
export function configFromSettings(settings: Settings, profileName?: string): GateConfig {
  const profile = profileName ?? settings.defaultProfile;
  const stored = settings.profiles[profile] ?? { site: 'cn' as const };
  const overrides: GateConfig['overrides'] = Object.fromEntries(
    (['authorizeUrl', 'tokenUrl', 'revokeUrl', 'upstreamUrl'] as const)
      .filter((key) => stored[key] !== undefined)
      .map((key) => [key, stored[key]]),
  );
  return {
    profile,
    profileSettings: stored,
    site: stored.site,
    clientId: stored.oauthClientId ?? null,
    oauthAppName: null,
    imsUrl: null,
    overrides,
    tokenStore: settings.proxy.tokenStore,
    host: settings.proxy.host,
    port: settings.proxy.port,
    allowedServers: settings.proxy.allowedServers,
    blockedServers: settings.proxy.blockedServers,
    allowedOrigins: settings.proxy.allowedOrigins,
    requireClientKey: settings.proxy.requireClientKey,
    logLevel: settings.proxy.logLevel,
  };
}

/** Opens the token vault the user chose; the keychain is probed so a missing one fails now, naming both fixes. */
export async function openVault(context: GateContext): Promise<TokenVault> {
  if (context.config.tokenStore === 'file') {
    return createFileVault(context.paths.tokenFile, { logger: context.logger });
  }
  const vault = createKeychainVault();
  await checkKeychain(vault);
  return vault;
}

/** The endpoints in force: the site table, the authorization server's metadata, then explicit overrides. */
export function openEndpoints(context: GateContext): Promise<GateEndpoints> {
  return endpointsFor(context.config.site, context.config.overrides);
}

/** The endpoints of a site with the given overrides, after the authorization server's metadata. */
export async function endpointsFor(
  site: string,
  overrides: EndpointOverrides,
): Promise<GateEndpoints> {
  const table = resolveEndpoints({ site, overrides });
  const resolved = applyMetadata(table, await discoverMetadata(table.tokenUrl));
  return {
    authorizeUrl: resolved.authorizeUrl,
    tokenUrl: resolved.tokenUrl,
    revokeUrl: resolved.revokeUrl,
    upstreamUrl: resolved.upstreamUrl,
  };
}

/** Remembers the profile's site, client id and endpoints after a sign-in, so later runs need no flags. */
export function rememberProfile(context: GateContext, clientId: string | null): void {
  const { profile, profileSettings } = context.config;
  const remembered =
    clientId === null ? profileSettings : { ...profileSettings, oauthClientId: clientId };
  context.settings.update((current) => ({
    ...current,
    profiles: { ...current.profiles, [profile]: remembered },
  }));
}

/** Where local client keys are kept: the keychain, or beside the token file with the file store. */
export function openClientKeyStore(context: GateContext): SecretStore {
  return context.config.tokenStore === 'file'
    ? createFileSecretStore(context.paths.clientKeysFile)
    : createKeychainSecretStore();
}
