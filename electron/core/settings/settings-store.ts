import { SettingsSchema, type Settings } from '../../../shared/settings';
import { UserError } from '../errors';
import { jsonFileBacking } from './json-file-backing';

/** Reads and updates the settings file shared by the CLI and the desktop app. */
export interface SettingsStore {
  readonly path: string;
  read(): Settings;
  update(change: (current: Settings) => Settings): Settings;
}

/** The file under the store: jsonFileBacking in the CLI, electron-store (a `conf` subclass) in the app. */
export interface SettingsBacking {
  readonly path: string;
  store: Record<string, unknown>;
}

/** The options both backings are opened with, so the CLI and the app share one file. */
export interface SettingsBackingOptions {
  readonly projectName: 'mcp-gate';
  readonly cwd: string;
  readonly configName: 'settings';
  readonly clearInvalidConfig: false;
  readonly configFileMode: 0o600;
}

/** Opens the backing of settings.json. */
export type SettingsBackingFactory = (options: SettingsBackingOptions) => SettingsBacking;

/** Opens `<configDir>/settings.json`; a file that does not parse or fit the schema is reported, never overwritten. */
export function openSettings(
  configDir: string,
  createBacking: SettingsBackingFactory = jsonFileBacking,
): SettingsStore {
  let backing: SettingsBacking;
  try {
    backing = createBacking({
      projectName: 'mcp-gate',
      cwd: configDir,
      configName: 'settings',
      clearInvalidConfig: false,
      configFileMode: 0o600,
    });
  } catch (error) {
    throw new UserError(
      'settings-invalid',
      `Cannot read the settings file in ${configDir}: ${describe(error)}. Fix the JSON, or move the file away to start from defaults.`,
      { cause: error },
    );
  }
  const path = backing.path;
  const read = (): Settings => {
    const parsed = SettingsSchema.safeParse(backing.store);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') ?? '';
      throw new UserError(
        'settings-invalid',
        `The settings file ${path} is not valid (${where || 'root'}: ${issue?.message ?? 'invalid'}). Fix that entry, or move the file away to start from defaults.`,
      );
    }
    return parsed.data;
  };
  return {
    path,
    read,
    update(change) {
      const next = SettingsSchema.parse(change(read()));
      backing.store = next as unknown as Record<string, unknown>;
      return next;
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
