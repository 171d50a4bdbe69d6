import { beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../electron/core/logger';
import { trayIconPng } from '../../electron/core/icons/icon-files';
import { createNotifier } from '../../electron/main/notifications';
import { createAppTray, type AppTray } from '../../electron/main/tray';
import type { SettingsPage } from '../../electron/main/tray-menu';
import {
  clientOf,
  createFakeService,
  serverOf,
  serversOf,
  statusOf,
  type FakeAppService,
} from '../stand-ins/app-service';
import {
  clipboard,
  nativeTheme,
  Notification,
  resetStandIn,
  shell,
  Tray,
  type FakeTray,
} from '../stand-ins/electron';
import { must } from '../stand-ins/must';

interface Setup {
  readonly service: FakeAppService;
  readonly tray: FakeTray;
  readonly appTray: AppTray;
  readonly opened: (SettingsPage | null)[];
  readonly loginItem: { enabled: boolean; isEnabled(): boolean; setEnabled(on: boolean): void };
  quits: number;
}

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

async function setup(platform = 'darwin', desktop = ''): Promise<Setup> {
  const service = createFakeService();
  service.currentServers = serversOf([serverOf('ecs-ops'), serverOf('rds', 'blocked')]);
  service.currentClients = [clientOf('cursor', 'Cursor', 'not-configured')];
  const opened: (SettingsPage | null)[] = [];
  const loginItem = {
    enabled: false,
    isEnabled: () => loginItem.enabled,
    setEnabled: (on: boolean) => void (loginItem.enabled = on),
  };
  const state = { quits: 0 };
  const appTray = createAppTray({
    service,
    showSettings: (page) => opened.push(page),
    loginItem,
    openExternal: async (url) => shell.openExternal(url),
    notifier: createNotifier((page) => opened.push(page)),
    quit: () => (state.quits += 1),
    platform,
    desktop,
    logger: createLogger({ level: 'silent' }),
  });
  await appTray.refresh();
  return {
    service,
    tray: must(Tray.instances[0]),
    appTray,
    opened,
    loginItem,
    get quits() {
      return state.quits;
    },
  };
}

function click(tray: FakeTray, label: string | RegExp): void {
  const item = must(tray.menu).find(label);
  if (item?.click === undefined) throw new Error(`no clickable item ${String(label)}`);
  item.click();
}

describe('the tray', () => {
  beforeEach(resetStandIn);

  it('shows a macOS template image at 16 pt and @2x, with a tooltip in words', async () => {
    const { tray } = await setup('darwin');
    const image = must(tray.images.at(-1));
    expect(image.isTemplateImage()).toBe(true);
    expect(image.representations.map((r) => r.scaleFactor)).toEqual([1, 2]);
    expect(must(image.representations[0]).buffer.equals(trayIconPng('ready', 'template', 16))).toBe(
      true,
    );
    expect(must(image.representations[1]).buffer.equals(trayIconPng('ready', 'template', 32))).toBe(
      true,
    );
    expect(tray.tooltip).toBe(
      'MCP Gate — signed in as 1234567890123456 on cn, proxy on 127.0.0.1:8088',
    );
  });

  it('builds the menu from the service state, servers and clients included', async () => {
    const { tray } = await setup();
    expect(must(tray.menu).labels()).toEqual([
      'Signed in as 1234567890123456 · China site',
      'Sign out',
      '---',
      'Proxy running on 127.0.0.1:8088',
      'Stop proxy',
      '---',
      'Servers',
      '  ecs-ops',
      '  rds (blocked)',
      '  ---',
      '  Manage servers…',
      'Configure clients',
      '  Cursor: configure',
      '  ---',
      '  More in Settings…',
      '---',
      'Copy proxy URL',
      'Settings…',
      'Start at login',
      '---',
      'Quit MCP Gate',
    ]);
    expect(must(tray.menu).find('ecs-ops')).toMatchObject({ type: 'checkbox', checked: true });
    expect(must(tray.menu).find('Proxy running on 127.0.0.1:8088')).toMatchObject({
      enabled: false,
    });
  });

  it.each<[string | RegExp, string, unknown]>([
    ['Sign out', 'account:signOut', {}],
    ['Stop proxy', 'proxy:stop', {}],
    ['ecs-ops', 'servers:setAllowed', { name: 'ecs-ops', allowed: false }],
    ['rds (blocked)', 'servers:setAllowed', { name: 'rds', allowed: true }],
    ['Cursor: configure', 'clients:configure', { id: 'cursor' }],
  ])('"%s" calls %s', async (label, channel, input) => {
    const { tray, service } = await setup();
    click(tray, label);
    await flush();
    expect(service.calls).toEqual([{ channel, input }]);
  });

  it('routes sign-in, start, cancel and the sign-in page of each state', async () => {
    const { tray, service } = await setup();
    service.currentStatus = statusOf({
      session: 'signed-out',
      tray: 'signed-out',
      proxy: { state: 'stopped', url: null },
    });
    service.emit('status:changed', service.currentStatus);
    click(tray, 'Sign in…');
    click(tray, 'Start proxy');
    service.currentStatus = statusOf({
      signInInProgress: true,
      authorizationUrl: 'https://signin.aliyun.com/oauth2/v1/auth?state=s',
      tray: 'working',
    });
    service.emit('status:changed', service.currentStatus);
    click(tray, 'Open the sign-in page again');
    click(tray, 'Cancel sign-in');
    await flush();
    expect(service.calls.map((c) => c.channel)).toEqual([
      'account:signIn',
      'proxy:start',
      'account:cancelSignIn',
    ]);
    expect(shell.opened).toEqual(['https://signin.aliyun.com/oauth2/v1/auth?state=s']);
  });

  it('redraws icon, tooltip and menu on status:changed', async () => {
    const { tray, service } = await setup('linux', 'KDE');
    const images = tray.images.length;
    service.currentStatus = statusOf({
      tray: 'attention',
      proxy: { state: 'failed', url: null, error: 'port 8088 is in use' },
    });
    service.emit('status:changed', service.currentStatus);
    expect(tray.tooltip).toBe('MCP Gate — Proxy could not start: port 8088 is in use');
    expect(tray.images).toHaveLength(images + 1);
    const image = must(tray.images.at(-1));
    expect(image.isTemplateImage()).toBe(false);
    expect(
      must(image.representations[0]).buffer.equals(trayIconPng('attention', 'on-light', 24)),
    ).toBe(true);
    expect(must(tray.menu).find(/^Proxy not running/)).toBeDefined();
    // same look again: the image is not redrawn
    service.emit('status:changed', service.currentStatus);
    expect(tray.images).toHaveLength(images + 1);
  });

  it('follows the theme (dark panel → light glyph)', async () => {
    const { tray } = await setup('linux', 'KDE');
    nativeTheme.shouldUseDarkColors = true;
    nativeTheme.emit('updated');
    expect(
      must(must(tray.images.at(-1)).representations[0]).buffer.equals(
        trayIconPng('ready', 'on-dark', 24),
      ),
    ).toBe(true);
  });

  it('re-reads servers and clients when they change', async () => {
    const { tray, service } = await setup();
    service.currentServers = serversOf([serverOf('oss')]);
    service.currentClients = [clientOf('cursor', 'Cursor', 'out-of-date')];
    service.emit('servers:changed', null);
    service.emit('clients:changed', null);
    await flush();
    expect(must(tray.menu).find('oss')).toBeDefined();
    expect(must(tray.menu).find('ecs-ops')).toBeUndefined();
    expect(must(tray.menu).find('Cursor: update')).toBeDefined();
  });

  it('copies the proxy URL, opens Settings, toggles Start at login and quits', async () => {
    const setupResult = await setup();
    const { tray, opened, loginItem } = setupResult;
    click(tray, 'Copy proxy URL');
    click(tray, 'Settings…');
    click(tray, 'Manage servers…');
    click(tray, 'Start at login');
    await flush();
    expect(clipboard.text).toBe('http://127.0.0.1:8088');
    expect(opened).toEqual([null, 'servers']);
    expect(loginItem.enabled).toBe(true);
    expect(must(tray.menu).find('Start at login')).toMatchObject({ checked: true });
    click(tray, 'Quit MCP Gate');
    await flush();
    expect(setupResult.quits).toBe(1);
  });

  it('tells the user when an action fails, and what a configure did', async () => {
    const { tray, service } = await setup();
    service.answers.set(
      'account:signOut',
      new Error('The keychain is locked: unlock it and try again.'),
    );
    service.answers.set('clients:configure', { message: 'Cursor: 2 servers written.' });
    click(tray, 'Sign out');
    await flush();
    click(tray, 'Cursor: configure');
    await flush();
    expect(Notification.shown.map((n) => n.options)).toEqual([
      { title: 'Could not sign out', body: 'The keychain is locked: unlock it and try again.' },
      { title: 'Client configured', body: 'Cursor: 2 servers written.' },
    ]);
  });

  it('on Windows opens the menu on click and Settings on double-click, escaping &', async () => {
    const { tray, service, opened } = await setup('win32');
    service.currentServers = serversOf([serverOf('R&D')]);
    service.emit('servers:changed', null);
    await flush();
    expect(must(tray.menu).find('R&&D')).toBeDefined();
    tray.emit('click');
    tray.emit('double-click');
    expect(tray.popUps).toBe(1);
    expect(opened).toEqual([null]);
    expect(must(tray.images[0]).representations.map((r) => r.scaleFactor)).toEqual([1, 1.5, 2]);
  });

  it('stops listening and removes the icon when destroyed', async () => {
    const { tray, service, appTray } = await setup();
    appTray.destroy();
    expect(tray.isDestroyed()).toBe(true);
    expect(service.listenerCount('status:changed')).toBe(0);
    expect(nativeTheme.listenerCount('updated')).toBe(0);
    expect(() => service.emit('status:changed', statusOf())).not.toThrow();
  });
});
