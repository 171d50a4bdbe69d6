import type { GuardPreset } from '../../../shared/ipc/views';
import type { Logger } from '../logger';
import type { SettingsStore } from '../settings/settings-store';
import { createGuardBroker, type Asker, type GuardBroker } from './guard-broker';
import { createGuardSettingsSource, type GuardSettingsSource } from './guard-settings';
import { createProxyGuard, type ProxyGuard } from './proxy-guard';

/** The Guard of one proxy: the settings it follows, the broker holding asked calls, the proxy hook. */
export interface GuardStack {
  readonly source: GuardSettingsSource;
  readonly broker: GuardBroker;
  readonly guard: ProxyGuard;
}

/** What a Guard is built from: the settings file, who is asked (null: nobody), the flags' overrides. */
export interface GuardStackOptions {
  readonly settings: SettingsStore;
  readonly asker: Asker | null;
  readonly logger: Logger;
  readonly presetOverride?: GuardPreset | null;
  readonly askTimeoutSecondsOverride?: number | null;
}

/** Wires the settings source, the broker and the proxy's Guard the same way for the CLI and the app. */
export function createGuardStack(options: GuardStackOptions): GuardStack {
  const { logger } = options;
  const source = createGuardSettingsSource(options.settings, {
    presetOverride: options.presetOverride ?? null,
    askTimeoutSecondsOverride: options.askTimeoutSecondsOverride ?? null,
    onError: (message) =>
      logger.warn({ err: message }, 'Guard settings not re-read; the last good ones stay'),
  });
  const broker = createGuardBroker({
    asker: options.asker,
    timeoutMs: () => source.askTimeoutMs(),
    remember: (rule) => source.remember(rule),
    onError: (message) => logger.warn({ err: message }, 'Guard rule not saved'),
  });
  const guard = createProxyGuard({
    policy: () => source.policy(),
    ask: (input, signal) => broker.ask(input, signal),
    askTimeoutMs: () => source.askTimeoutMs(),
  });
  return { source, broker, guard };
}
