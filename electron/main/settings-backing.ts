import ElectronStore from 'electron-store';
import type { SettingsBackingFactory } from '../core/settings/settings-store';

/**
 * settings.json through electron-store (a `conf` subclass): the same folder, file name,
 * mode and no-clearing rule as the CLI's json-file-backing.ts, so both read and write one file.
 */
export const electronStoreBacking: SettingsBackingFactory = (options) =>
  new ElectronStore<Record<string, unknown>>({
    cwd: options.cwd,
    name: options.configName,
    clearInvalidConfig: options.clearInvalidConfig,
    configFileMode: options.configFileMode,
  });
