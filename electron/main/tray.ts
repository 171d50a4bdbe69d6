import { clipboard, Menu, nativeTheme, Tray, type MenuItemConstructorOptions } from 'electron';
import type { AppService } from '../core/app/app-service-types';
import type { Logger } from '../core/logger';
import { toContractError } from '../../shared/ipc/contract';
import type { ClientView, ServersView } from '../../shared/ipc/views';
import type { LoginItem } from './login-item';
import type { Notifier } from './notifications';
import { trayIconState, trayIconVariant } from './tray-icon-state';
import { trayImage } from './tray-image';
import { buildTrayMenu, type SettingsPage, type TrayAction, type TrayMenuItem } from './tray-menu';

/** What the tray is wired to. */
export interface AppTrayOptions {
  readonly service: AppService;
  readonly showSettings: (page: SettingsPage | null) => void;
  readonly loginItem: Pick<LoginItem, 'isEnabled' | 'setEnabled'>;
  /** The guarded openExternal (sign-in host only). */
  readonly openExternal: (url: string) => Promise<void>;
  readonly notifier: Notifier;
  readonly quit: () => void;
  readonly platform: string;
  /** XDG_CURRENT_DESKTOP, for the icon variant on Linux. */
  readonly desktop: string;
  readonly logger: Logger;
}

/** The tray icon and its menu, kept in step with the service. */
export interface AppTray {
  /** Re-reads servers and clients, then redraws. */
  refresh(): Promise<void>;
  destroy(): void;
}

/** Creates the tray icon; it redraws on `status:changed`, `servers:changed` and `clients:changed`. */
export function createAppTray(options: AppTrayOptions): AppTray {
  const { service, platform } = options;
  const variant = (): ReturnType<typeof trayIconVariant> =>
    trayIconVariant({
      platform,
      darkTheme: nativeTheme.shouldUseDarkColors,
      darkSystemUi: nativeTheme.shouldUseDarkColorsForSystemIntegratedUI,
      desktop: options.desktop,
    });
  const first = trayIconState(service.status());
  const tray = new Tray(trayImage(first.icon, variant(), platform));
  let imageKey = `${first.icon}/${variant()}`;
  let servers: ServersView | null = null;
  let clients: readonly ClientView[] = [];

  const render = (): void => {
    if (tray.isDestroyed()) return;
    const status = service.status();
    const icon = trayIconState(status);
    const key = `${icon.icon}/${variant()}`;
    if (key !== imageKey) {
      tray.setImage(trayImage(icon.icon, variant(), platform));
      imageKey = key;
    }
    tray.setToolTip(icon.tooltip);
    const items = buildTrayMenu({
      status,
      servers,
      clients,
      startAtLogin: options.loginItem.isEnabled(),
    });
    tray.setContextMenu(Menu.buildFromTemplate(toTemplate(items, platform, run)));
  };

  const fail = (what: string, error: unknown, page: SettingsPage | null): void => {
    const { message } = toContractError(error);
    options.logger.warn({ err: message }, `tray: could not ${what}`);
    options.notifier.show(`Could not ${what}`, message, page);
  };

  const act = async (action: TrayAction): Promise<void> => {
    const { handlers } = service;
    switch (action.kind) {
      case 'sign-in':
        await handlers['account:signIn']({});
        return;
      case 'sign-out':
        await handlers['account:signOut']({});
        return;
      case 'cancel-sign-in':
        await handlers['account:cancelSignIn']({});
        return;
      case 'open-sign-in-page':
        await options.openExternal(action.url);
        return;
      case 'proxy-start':
        await handlers['proxy:start']({});
        return;
      case 'proxy-stop':
        await handlers['proxy:stop']({});
        return;
      case 'server-allow':
        await handlers['servers:setAllowed']({ name: action.name, allowed: action.allowed });
        return;
      case 'client-configure': {
        const result = await handlers['clients:configure']({ id: action.id });
        options.notifier.show('Client configured', result.message, 'clients');
        return;
      }
      case 'copy-proxy-url':
        clipboard.writeText(action.url);
        return;
      case 'open-settings':
        options.showSettings(action.page);
        return;
      case 'start-at-login':
        options.loginItem.setEnabled(action.enabled);
        render();
        return;
      case 'quit':
        options.quit();
        return;
    }
  };

  const run = (action: TrayAction): void => {
    act(action).catch((error: unknown) => {
      fail(ACTION_WORDS[action.kind], error, ACTION_PAGES[action.kind]);
      render();
    });
  };

  const latest = <T>(read: () => Promise<T>, keep: (value: T) => void): (() => Promise<void>) => {
    let sequence = 0;
    return async () => {
      const mine = (sequence += 1);
      try {
        const value = await read();
        if (mine !== sequence) return;
        keep(value);
        render();
      } catch (error) {
        options.logger.warn({ err: toContractError(error).message }, 'tray: could not refresh');
      }
    };
  };
  const refreshServers = latest(
    () => service.servers(),
    (value) => (servers = value),
  );
  const refreshClients = latest(
    () => service.clients(),
    (value) => (clients = value),
  );

  const unsubscribe = [
    service.on('status:changed', render),
    service.on('servers:changed', () => void refreshServers()),
    service.on('clients:changed', () => void refreshClients()),
  ];
  nativeTheme.on('updated', render);
  if (platform === 'win32') {
    tray.on('click', () => tray.popUpContextMenu());
    tray.on('double-click', () => options.showSettings(null));
  }
  render();

  return {
    async refresh() {
      await Promise.all([refreshServers(), refreshClients()]);
    },
    destroy() {
      for (const off of unsubscribe) off();
      nativeTheme.off('updated', render);
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}

const ACTION_WORDS: Readonly<Record<TrayAction['kind'], string>> = {
  'sign-in': 'start signing in',
  'sign-out': 'sign out',
  'cancel-sign-in': 'cancel the sign-in',
  'open-sign-in-page': 'open the sign-in page',
  'proxy-start': 'start the proxy',
  'proxy-stop': 'stop the proxy',
  'server-allow': 'change the server rules',
  'client-configure': 'configure the client',
  'copy-proxy-url': 'copy the proxy URL',
  'open-settings': 'open Settings',
  'start-at-login': 'change Start at login',
  quit: 'quit',
};

const ACTION_PAGES: Readonly<Record<TrayAction['kind'], SettingsPage | null>> = {
  'sign-in': 'account',
  'sign-out': 'account',
  'cancel-sign-in': 'account',
  'open-sign-in-page': 'account',
  'proxy-start': 'proxy',
  'proxy-stop': 'proxy',
  'server-allow': 'servers',
  'client-configure': 'clients',
  'copy-proxy-url': null,
  'open-settings': null,
  'start-at-login': null,
  quit: null,
};

/** Electron menu template for tray items; clicks call `run` with the item's action. */
export function toTemplate(
  items: readonly TrayMenuItem[],
  platform: string,
  run: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  // `&` marks a mnemonic in Windows and Linux menus; `&&` shows one
  const label = (text: string): string => (platform === 'darwin' ? text : text.replace(/&/g, '&&'));
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' };
      case 'submenu':
        return { label: label(item.label), submenu: toTemplate(item.items, platform, run) };
      case 'checkbox': {
        const action = item.action;
        return {
          type: 'checkbox',
          label: label(item.label),
          enabled: item.enabled,
          checked: item.checked,
          click: () => run(action),
        };
      }
      case 'normal': {
        const action = item.action;
        return {
          label: label(item.label),
          enabled: item.enabled,
          ...(action === null ? {} : { click: () => run(action) }),
        };
      }
    }
  });
}
