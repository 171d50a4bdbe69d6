import { statSync } from 'node:fs';
import type { GuardPolicy } from '../../../shared/guard/decide-tool-call';
import { addGuardRule } from '../../../shared/guard/rule-edits';
import type { GuardPreset } from '../../../shared/ipc/views';
import type { GuardRule, GuardSettings } from '../../../shared/settings';
import type { SettingsStore } from '../settings/settings-store';

/** The Guard settings in force for a running proxy: cheap to read per request, fresh within a second. */
export interface GuardSettingsSource {
  /** The rules and preset now (a flag's preset wins over the file's). */
  policy(): GuardPolicy;
  /** How long a held call waits for a person, in milliseconds. */
  askTimeoutMs(): number;
  /** Writes a rule first in the settings file (an "always allow" answer) and uses it at once. */
  remember(rule: GuardRule): void;
  /** Re-reads the file now (after an edit made in this process). */
  reload(): void;
}

/** What the source is built from; the overrides are the `--guard` and `--ask-timeout` flags. */
export interface GuardSettingsSourceOptions {
  readonly presetOverride?: GuardPreset | null;
  readonly askTimeoutSecondsOverride?: number | null;
  /** How often at most the file is looked at (one `stat`) for a change; default 500 ms. */
  readonly checkIntervalMs?: number;
  readonly now?: () => number;
  /** Told once per bad version of the file; the last good settings stay in force. */
  readonly onError?: (message: string) => void;
}

function stampOf(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/**
 * Reads the Guard section of settings.json and re-reads it when the file changes (checked by
 * `stat` at most every `checkIntervalMs`), so `mcp-gate guard …` and the app's Guard page take
 * effect in a running proxy without a restart.
 */
export function createGuardSettingsSource(
  store: SettingsStore,
  options: GuardSettingsSourceOptions = {},
): GuardSettingsSource {
  const now = options.now ?? Date.now;
  const interval = options.checkIntervalMs ?? 500;
  let stamp = stampOf(store.path);
  let guard: GuardSettings = store.read().guard;
  let checkedAt = now();
  let badStamp: string | null = null;

  const policyOf = (current: GuardSettings): GuardPolicy => ({
    preset: options.presetOverride ?? current.preset,
    rules: current.rules,
  });
  let policy = policyOf(guard);
  const use = (next: GuardSettings): void => {
    guard = next;
    policy = policyOf(next);
  };

  const refresh = (force = false): void => {
    const at = now();
    if (!force && at - checkedAt < interval) return;
    checkedAt = at;
    const next = stampOf(store.path);
    if (next === stamp) return;
    try {
      use(store.read().guard);
      stamp = next;
      badStamp = null;
    } catch (error) {
      if (badStamp !== next) {
        badStamp = next;
        options.onError?.(error instanceof Error ? error.message : String(error));
      }
    }
  };

  return {
    policy() {
      refresh();
      return policy;
    },
    askTimeoutMs() {
      refresh();
      return (options.askTimeoutSecondsOverride ?? guard.askTimeoutSeconds) * 1000;
    },
    remember(rule) {
      const saved = store.update((current) => ({
        ...current,
        guard: addGuardRule(current.guard, rule),
      }));
      use(saved.guard);
      stamp = stampOf(store.path);
    },
    reload() {
      refresh(true);
    },
  };
}
