import { app } from 'electron';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BridgeCommand } from '../../shared/clients';
import { AUTOSTART_FILE_NAME, autostartDesktopEntry } from './autostart-entry';

/** Whether the app starts when the user logs in, and the switch for it. */
export interface LoginItem {
  isEnabled(): boolean;
  setEnabled(enabled: boolean): void;
  /** True when this run was started at login. */
  readonly openedAtLogin: boolean;
}

/** What the login item is made from. */
export interface LoginItemOptions {
  readonly platform: string;
  /** The command that starts the app at login (it carries `--autostart`). */
  readonly command: BridgeCommand;
  /** This run's command line had `--autostart`. */
  readonly autostartSwitch: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
}

/**
 * The login item: Electron's on macOS and Windows, an XDG autostart desktop entry on Linux
 * (Electron has none there).
 */
export function createLoginItem(options: LoginItemOptions): LoginItem {
  if (options.platform === 'darwin' || options.platform === 'win32') {
    // Windows registers a command line (path + args); macOS registers the app bundle itself
    const settings =
      options.platform === 'win32'
        ? { path: options.command.command, args: [...options.command.args] }
        : {};
    return {
      openedAtLogin:
        options.autostartSwitch ||
        (options.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin),
      isEnabled: () => app.getLoginItemSettings(settings).openAtLogin,
      setEnabled: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled, ...settings }),
    };
  }
  const configHome = options.env['XDG_CONFIG_HOME'] || join(options.homeDir, '.config');
  const file = join(configHome, 'autostart', AUTOSTART_FILE_NAME);
  return {
    openedAtLogin: options.autostartSwitch,
    isEnabled: () => existsSync(file),
    setEnabled: (enabled) => {
      if (!enabled) {
        rmSync(file, { force: true });
        return;
      }
      mkdirSync(join(configHome, 'autostart'), { recursive: true });
      writeFileSync(file, autostartDesktopEntry(options.command), { mode: 0o644 });
    },
  };
}
