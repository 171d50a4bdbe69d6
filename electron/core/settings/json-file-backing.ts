import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { SettingsBacking, SettingsBackingFactory } from './settings-store';

/** The key conf (and so electron-store) keeps its own bookkeeping under; never part of the settings. */
const CONF_INTERNAL_KEY = '__internal__';

function hasCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A parsed or given store as a plain object without conf's key; anything else is an empty store. */
function ownSettings(value: unknown): Record<string, unknown> {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== CONF_INTERNAL_KEY));
}

/**
 * settings.json as conf reads and writes it, without conf (and the JSON-schema compiler it
 * loads): the same path (`<cwd>/<configName>.json`), tab-indented JSON, a leading BOM skipped,
 * conf's bookkeeping key kept on writes, atomic writes with the given mode; a file that does not
 * parse is reported (never cleared) when opened and on every read, as conf does with
 * `clearInvalidConfig: false`. The CLI's backing; the app opens the same file with electron-store.
 */
export const jsonFileBacking: SettingsBackingFactory = (options) => {
  const path = resolve(options.cwd, `${options.configName}.json`);

  /** The file's JSON; an absent file is an empty store (its folder is created, as conf does). */
  const readJson = (): unknown => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if (!hasCode(error, 'ENOENT')) throw error;
      mkdirSync(dirname(path), { recursive: true });
      return {};
    }
    try {
      return JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      // conf's words: JSON.parse's own message quotes the file around the failure
      throw new SyntaxError(`The config file \`${path}\` is not valid JSON.`);
    }
  };

  /** conf's bookkeeping in the file now, kept by a write; none when the file cannot be read. */
  const bookkeeping = (): Record<string, unknown> => {
    try {
      const current = readJson();
      return isObject(current) && current[CONF_INTERNAL_KEY] !== undefined
        ? { [CONF_INTERNAL_KEY]: current[CONF_INTERNAL_KEY] }
        : {};
    } catch {
      return {};
    }
  };

  readJson();
  const backing: SettingsBacking = {
    path,
    get store() {
      return ownSettings(readJson());
    },
    set store(value) {
      const next = { ...ownSettings(value), ...bookkeeping() };
      mkdirSync(dirname(path), { recursive: true });
      writeFileAtomic.sync(path, JSON.stringify(next, undefined, '\t'), {
        mode: options.configFileMode,
        fsync: true,
      });
    },
  };
  return backing;
};
