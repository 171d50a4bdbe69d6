import type { Level } from 'pino';
import type { GateContext } from '../core/context/gate-context';
import { createLogger, type Logger } from '../core/logger';
import { resolvePaths, type GatePaths } from '../core/paths';
import { openSettings, type SettingsStore } from '../core/settings/settings-store';
import { resolveCliConfig, type CliConfig, type CommonFlags } from './config';

export {
  endpointsFor,
  openClientKeyStore,
  openEndpoints,
  openVault,
  rememberProfile,
} from '../core/context/gate-context';

/** What every command starts from: paths, settings, the resolved flags, a logger. */
export interface CliContext extends GateContext {
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
