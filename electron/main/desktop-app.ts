import { app, dialog, shell } from 'electron';
import type { AppService, AppServiceDeps } from '../core/app/app-service-types';
import { UserError } from '../core/errors';
import type { Logger } from '../core/logger';
import { openSettings, type SettingsBackingFactory } from '../core/settings/settings-store';
import { toContractError } from '../../shared/ipc/contract';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { appAutostartCommand, appBridgeCommand, type AppLocation } from './app-args';
import { registerIpc } from './ipc';
import { createLoginItem } from './login-item';
import { createNotifier, showServiceNotices } from './notifications';
import { installQuitFlow } from './quit-flow';
import { guardOpenExternal, installSecurity } from './security';
import { signInAuthorizeUrls } from './sign-in-urls';
import { createAppTray, type AppTray } from './tray';
import { createSettingsWindow, type SettingsWindow, type SettingsWindowFiles } from './window';

/** The application id (Windows notifications, packaging). */
export const APP_ID = 'com.mcpgate.app';

/** What the tray app is started with; main.ts fills it from the process. */
export interface DesktopAppOptions {
  readonly createService: (deps: AppServiceDeps) => Promise<AppService>;
  readonly settingsBacking: SettingsBackingFactory;
  readonly configDir: string;
  readonly files: SettingsWindowFiles;
  /** This run was started by the login item (`--autostart`). */
  readonly autostart: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: string;
  readonly homeDir: string;
  readonly execPath: string;
  readonly logger: Logger;
}

/** The running tray app. */
export interface DesktopApp {
  readonly service: AppService;
  readonly settingsWindow: SettingsWindow;
  readonly tray: AppTray;
}

/**
 * Starts the tray app: one instance per user (a second launch shows the first one's settings
 * window and quits), the core service started once Electron is ready, closing the window
 * keeps the tray, and quitting stops the proxy first. Resolves to null when this process is
 * not the one to run (another instance has the lock, or start-up failed and it quits).
 */
export async function startDesktopApp(options: DesktopAppOptions): Promise<DesktopApp | null> {
  const { logger, platform } = options;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  const settingsWindow = createSettingsWindow({
    files: options.files,
    platform,
    devTools: !app.isPackaged,
    onLoadFailed: (error) =>
      logger.error({ err: toContractError(error).message }, 'settings window did not load'),
  });
  let ready = false;
  let showWhenReady = false;
  const showSettings = (): void => {
    if (ready) settingsWindow.show();
    else showWhenReady = true;
  };
  app.on('second-instance', showSettings);
  // macOS re-opening the running app (Finder, Spotlight); also sent at launch, so only once ready
  app.on('activate', () => {
    if (ready) settingsWindow.show();
  });
  app.on('window-all-closed', () => {
    // a tray app: closing the settings window keeps it running
  });
  if (platform === 'darwin') app.dock?.hide();
  if (platform === 'win32') app.setAppUserModelId(APP_ID);
  app.enableSandbox();

  await app.whenReady();

  let settings: ReturnType<typeof openSettings> | null = null;
  const authorizeUrls = (): readonly string[] => {
    try {
      settings ??= openSettings(options.configDir, options.settingsBacking);
      return signInAuthorizeUrls(settings.read());
    } catch {
      return signInAuthorizeUrls(DEFAULT_SETTINGS);
    }
  };
  const openExternal = guardOpenExternal(authorizeUrls, (url) => shell.openExternal(url));
  installSecurity({
    rendererUrl: settingsWindow.rendererUrl,
    openExternal,
    onRefused: (what, url) => logger.warn({ what, url: originOf(url) }, 'refused'),
  });

  const location: AppLocation = {
    execPath: options.execPath,
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    appImage: options.env['APPIMAGE'],
  };
  let service: AppService;
  try {
    service = await options.createService({
      configDir: options.configDir,
      openExternal,
      openPath: async (path) => {
        const problem = await shell.openPath(path);
        if (problem !== '') {
          throw new UserError('open-path-failed', `Cannot open ${path}: ${problem}`);
        }
      },
      env: options.env,
      platform,
      homeDir: options.homeDir,
      logger,
      settingsBacking: options.settingsBacking,
      bridgeCommand: () => appBridgeCommand(location),
    });
  } catch (error) {
    const { message } = toContractError(error);
    logger.error({ err: message }, 'the app service could not start');
    dialog.showErrorBox('MCP Gate cannot start', message);
    app.quit();
    return null;
  }

  const notifier = createNotifier((page) => settingsWindow.show(page));
  const closeIpc = registerIpc({
    service,
    settingsWindow,
    onRefused: (channel, frameUrl) =>
      logger.warn({ channel, frame: originOf(frameUrl) }, 'refused an IPC request'),
  });
  const loginItem = createLoginItem({
    platform,
    command: appAutostartCommand(location),
    autostartSwitch: options.autostart,
    env: options.env,
    homeDir: options.homeDir,
  });
  const tray = createAppTray({
    service,
    showSettings: (page) => settingsWindow.show(page),
    loginItem,
    openExternal,
    notifier,
    quit: () => app.quit(),
    platform,
    desktop: options.env['XDG_CURRENT_DESKTOP'] ?? '',
    logger,
  });
  const stopNotices = showServiceNotices(service, notifier);
  installQuitFlow(
    async () => {
      stopNotices();
      closeIpc();
      tray.destroy();
      await service.stop();
    },
    (error) => logger.warn({ err: toContractError(error).message }, 'stopping did not finish'),
  );

  // a proxy that cannot start is reported in the status (tray, notification), not thrown
  await service.start().catch((error: unknown) => {
    logger.error({ err: toContractError(error).message }, 'the proxy did not start');
  });
  void tray.refresh();
  ready = true;
  if (showWhenReady || !loginItem.openedAtLogin) settingsWindow.show();
  return { service, settingsWindow, tray };
}

function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'file:' ? 'file:' : parsed.origin;
  } catch {
    return '';
  }
}
