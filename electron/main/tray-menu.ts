import type { ClientId } from '../../shared/clients';
import type { AppStatus, ClientView, ServersView } from '../../shared/ipc/views';
import type { SiteName } from '../../shared/sites';

/** What a tray menu item does when clicked; tray.ts routes it to the service or the app. */
export type TrayAction =
  | { readonly kind: 'sign-in' }
  | { readonly kind: 'sign-out' }
  | { readonly kind: 'cancel-sign-in' }
  | { readonly kind: 'open-sign-in-page'; readonly url: string }
  | { readonly kind: 'proxy-start' }
  | { readonly kind: 'proxy-stop' }
  | { readonly kind: 'server-allow'; readonly name: string; readonly allowed: boolean }
  | { readonly kind: 'client-configure'; readonly id: ClientId }
  | { readonly kind: 'copy-proxy-url'; readonly url: string }
  | { readonly kind: 'open-settings'; readonly page: SettingsPage | null }
  | { readonly kind: 'start-at-login'; readonly enabled: boolean }
  | { readonly kind: 'quit' };

/** A page of the settings window a menu item may open (its location hash). */
export type SettingsPage = 'account' | 'servers' | 'clients' | 'guard' | 'activity' | 'proxy';

/** One tray menu item as plain data. */
export type TrayMenuItem =
  | { readonly type: 'separator' }
  | {
      readonly type: 'normal';
      readonly label: string;
      readonly enabled: boolean;
      readonly action: TrayAction | null;
    }
  | {
      readonly type: 'checkbox';
      readonly label: string;
      readonly enabled: boolean;
      readonly checked: boolean;
      readonly action: TrayAction;
    }
  | { readonly type: 'submenu'; readonly label: string; readonly items: readonly TrayMenuItem[] };

/** What the tray menu is built from. */
export interface TrayMenuState {
  readonly status: AppStatus;
  /** null until the first listing has been read. */
  readonly servers: ServersView | null;
  readonly clients: readonly ClientView[];
  readonly startAtLogin: boolean;
}

/** Servers listed in the tray; the rest are in Settings. */
export const TRAY_SERVER_LIMIT = 30;
const LINE_LIMIT = 72;

/** The tray menu for a state, top to bottom. */
export function buildTrayMenu(state: TrayMenuState): readonly TrayMenuItem[] {
  const { status } = state;
  return [
    info(accountLine(status)),
    ...(status.sessionError === null ? [] : [info(status.sessionError)]),
    ...signInItems(status),
    SEPARATOR,
    info(proxyLine(status)),
    status.proxy.state === 'running' || status.proxy.state === 'starting'
      ? item('Stop proxy', { kind: 'proxy-stop' })
      : item('Start proxy', { kind: 'proxy-start' }),
    SEPARATOR,
    { type: 'submenu', label: 'Servers', items: serverItems(state.servers) },
    { type: 'submenu', label: 'Configure clients', items: clientItems(state.clients) },
    SEPARATOR,
    status.proxy.url === null
      ? info('Copy proxy URL')
      : item('Copy proxy URL', { kind: 'copy-proxy-url', url: status.proxy.url }),
    item('Settings…', { kind: 'open-settings', page: null }),
    {
      type: 'checkbox',
      label: 'Start at login',
      enabled: true,
      checked: state.startAtLogin,
      action: { kind: 'start-at-login', enabled: !state.startAtLogin },
    },
    SEPARATOR,
    item('Quit MCP Gate', { kind: 'quit' }),
  ];
}

/** The site in words, as menu and tooltip show it. */
export function siteLabel(site: SiteName): string {
  switch (site) {
    case 'cn':
      return 'China site';
    case 'intl':
      return 'International site';
    case 'custom':
      return 'custom site';
  }
}

/** `host:port` with IPv6 hosts in brackets. */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

const SEPARATOR: TrayMenuItem = { type: 'separator' };

function item(label: string, action: TrayAction): TrayMenuItem {
  return { type: 'normal', label, enabled: true, action };
}

function info(label: string): TrayMenuItem {
  return { type: 'normal', label: clip(label), enabled: false, action: null };
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > LINE_LIMIT ? `${line.slice(0, LINE_LIMIT - 1)}…` : line;
}

function accountLine(status: AppStatus): string {
  const who = status.accountId === null ? '' : ` as ${status.accountId}`;
  const where = siteLabel(status.site);
  const profile = status.profile === 'default' ? '' : `${status.profile}: `;
  switch (status.session) {
    case 'signed-in':
      return `${profile}Signed in${who} · ${where}`;
    case 'refreshing':
      return `${profile}Signed in${who} · ${where} · refreshing…`;
    case 'expired':
      return `${profile}Sign-in expired${who} · ${where}`;
    case 'signed-out':
      return `${profile}Not signed in · ${where}`;
  }
}

function signInItems(status: AppStatus): readonly TrayMenuItem[] {
  if (status.signInInProgress) {
    return [
      info('Signing in… finish in your browser'),
      ...(status.authorizationUrl === null
        ? []
        : [
            item('Open the sign-in page again', {
              kind: 'open-sign-in-page',
              url: status.authorizationUrl,
            }),
          ]),
      item('Cancel sign-in', { kind: 'cancel-sign-in' }),
    ];
  }
  return status.session === 'signed-in' || status.session === 'refreshing'
    ? [item('Sign out', { kind: 'sign-out' })]
    : [item('Sign in…', { kind: 'sign-in' })];
}

function proxyLine(status: AppStatus): string {
  const { proxy } = status;
  const where = hostPort(proxy.host, proxy.port);
  switch (proxy.state) {
    case 'running':
      return `Proxy running on ${where}`;
    case 'starting':
      return `Proxy starting on ${where}…`;
    case 'stopped':
      return `Proxy stopped (${where})`;
    case 'failed':
      return `Proxy not running: ${proxy.error ?? `could not listen on ${where}`}`;
  }
}

function serverItems(view: ServersView | null): readonly TrayMenuItem[] {
  const manage = item('Manage servers…', { kind: 'open-settings', page: 'servers' });
  if (view === null) return [info('Reading the server list…'), SEPARATOR, manage];
  const shown = view.servers.slice(0, TRAY_SERVER_LIMIT);
  const hidden = view.servers.length - shown.length;
  return [
    ...(view.servers.length === 0 ? [info('No servers yet: add or list them in Settings')] : []),
    ...shown.map((server): TrayMenuItem => ({
      type: 'checkbox',
      label: server.access === 'blocked' ? `${server.name} (blocked)` : server.name,
      enabled: true,
      checked: server.access === 'allowed',
      action: { kind: 'server-allow', name: server.name, allowed: server.access !== 'allowed' },
    })),
    ...(hidden > 0 ? [info(`${hidden} more in Settings`)] : []),
    ...(view.discoveryError === null
      ? []
      : [info(`Could not list servers: ${view.discoveryError}`)]),
    SEPARATOR,
    manage,
  ];
}

function clientItems(clients: readonly ClientView[]): readonly TrayMenuItem[] {
  const detected = clients.filter((client) => client.detected);
  return [
    ...(detected.length === 0 ? [info('No AI clients found on this computer')] : []),
    ...detected.map(clientItem),
    SEPARATOR,
    item('More in Settings…', { kind: 'open-settings', page: 'clients' }),
  ];
}

function clientItem(client: ClientView): TrayMenuItem {
  switch (client.state) {
    case 'not-configured':
      return item(`${client.name}: configure`, { kind: 'client-configure', id: client.id });
    case 'out-of-date':
      return item(`${client.name}: update`, { kind: 'client-configure', id: client.id });
    case 'configured':
      return info(`${client.name}: up to date`);
    case 'unreadable':
      return item(`${client.name}: config file has an error…`, {
        kind: 'open-settings',
        page: 'clients',
      });
    case 'not-applicable':
      return item(`${client.name}: set up in Settings…`, {
        kind: 'open-settings',
        page: 'clients',
      });
  }
}
