import type { Level } from 'pino';
import {
  applyMetadata,
  discoverMetadata,
  resolveEndpoints,
  type EndpointOverrides,
} from '../core/auth/endpoints';
import type { TokenVault } from '../core/auth/types';
import { checkKeychain, createKeychainVault } from '../core/auth/vault-keychain';
import { createFileVault } from '../core/auth/vault-file';
import {
  createFileSecretStore,
  createKeychainSecretStore,
  type SecretStore,
} from '../core/clients/client-keys';
import type { GateEndpoints } from '../core/gate';
import { createLogger, type Logger } from '../core/logger';
import { resolvePaths, type GatePaths } from '../core/paths';
import { openSettings, type SettingsStore } from '../core/settings/settings-store';
import { resolveCliConfig, type CliConfig, type CommonFlags } from './config';

/** What every command starts from: paths, settings, the resolved flags, a logger. */
export interface CliContext {
  readonly paths: GatePaths;
  readonly settings: SettingsStore;
  readonly config: CliConfig;
  readonly logger: Logger;
}

/** Reads settings and lays the flags over them. */
export function openContext(flags: CommonFlags): CliContext {
  const paths = resolvePaths(flags.configDir);
  const settings = openSettings(paths.configDir);
  const config = resolveCliConfig(flags, settings.read());
  const logger = createLogger({ level: config.logLevel as Level | 'silent' });
  return { paths, settings, config, logger };
}

/** Opens the token vault the user chose; the keychain is probed so a missing one fails now, naming both fixes. */
export async function openVault(context: CliContext): Promise<TokenVault> {
  if (context.config.tokenStore === 'file') {
    return createFileVault(context.paths.tokenFile, { logger: context.logger });
  }
  const vault = createKeychainVault();
  await checkKeychain(vault);
  return vault;
}

/** The endpoints in force: the site table, the authorization server's metadata, then explicit flags. */
export function openEndpoints(context: CliContext): Promise<GateEndpoints> {
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

/** Remembers the profile's site, client id and endpoints after a sign-in, so later commands need no flags. */
export function rememberProfile(context: CliContext, clientId: string | null): void {
  const { profile, profileSettings } = context.config;
  const remembered =
    clientId === null ? profileSettings : { ...profileSettings, oauthClientId: clientId };
  context.settings.update((current) => ({
    ...current,
    profiles: { ...current.profiles, [profile]: remembered },
  }));
}

/** Where local client keys are kept: the keychain, or beside the token file with `--token-store file`. */
export function openClientKeyStore(context: CliContext): SecretStore {
  return context.config.tokenStore === 'file'
    ? createFileSecretStore(context.paths.clientKeysFile)
    : createKeychainSecretStore();
}
