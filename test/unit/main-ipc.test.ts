import { beforeEach, describe, expect, it } from 'vitest';
import { FORBIDDEN_SENDER_REPLY, registerIpc } from '../../electron/main/ipc';
import { createSettingsWindow, type SettingsWindow } from '../../electron/main/window';
import { CHANNELS, EVENTS } from '../../shared/ipc/contract';
import { createFakeService, statusOf, type FakeAppService } from '../stand-ins/app-service';
import { BrowserWindow, frameOf, ipcMain, resetStandIn } from '../stand-ins/electron';
import { must } from '../stand-ins/must';

const files = {
  rendererFile: '/app/dist/renderer/index.html',
  preloadFile: '/app/dist/preload/preload.cjs',
};

interface Setup {
  readonly service: FakeAppService;
  readonly manager: SettingsWindow;
  readonly window: (typeof BrowserWindow.instances)[number];
  readonly refused: string[];
  readonly close: () => void;
}

function setup(): Setup {
  const service = createFakeService();
  const manager = createSettingsWindow({ files, platform: 'linux', devTools: false });
  const refused: string[] = [];
  const close = registerIpc({
    service,
    settingsWindow: manager,
    onRefused: (channel, frameUrl) => refused.push(`${channel} ${frameUrl}`),
  });
  manager.show();
  return { service, manager, window: must(BrowserWindow.instances[0]), refused, close };
}

describe('registerIpc', () => {
  beforeEach(resetStandIn);

  it('registers exactly one handler per contract channel', () => {
    setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.keys(CHANNELS).sort());
  });

  it('answers a valid request from the settings page with the validated input', async () => {
    const { service, window } = setup();
    service.answers.set('servers:setAllowed', { servers: [] });
    await expect(
      ipcMain.invokeFrom(frameOf(window), 'servers:setAllowed', { name: 'ecs', allowed: false }),
    ).resolves.toEqual({ ok: true, value: { servers: [] } });
    await ipcMain.invokeFrom(frameOf(window), 'activity:list', {});
    expect(service.calls).toEqual([
      { channel: 'servers:setAllowed', input: { name: 'ecs', allowed: false } },
      { channel: 'activity:list', input: { limit: 500 } },
    ]);
  });

  it.each<[string, unknown]>([
    ['servers:setAllowed', { name: 'ecs' }],
    ['servers:setAllowed', { name: 'ecs', allowed: 'yes' }],
    ['servers:setAllowed', { name: 'ecs', allowed: true, extra: 1 }],
    ['clients:configure', { id: 'not-a-client' }],
    ['proxy:update', { port: 70000 }],
    ['app:status', { unexpected: true }],
    ['account:saveProfile', 'a string'],
  ])('refuses %s with the wrong shape %j', async (channel, input) => {
    const { service, window } = setup();
    const reply = await ipcMain.invokeFrom(frameOf(window), channel, input);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect((reply as { error: { message: string } }).error.message).toContain(channel);
    expect(service.calls).toEqual([]);
  });

  it.each<[string, (window: Setup['window']) => ReturnType<typeof frameOf>]>([
    ['a child frame of the page', (window) => frameOf(window, { child: true })],
    ['the window showing another URL', (window) => frameOf(window, { url: 'https://evil.com/' })],
    ['another local file', (window) => frameOf(window, { url: 'file:///tmp/evil.html' })],
    [
      'another window with the same page',
      () => {
        const other = new BrowserWindow({});
        void other.loadFile(files.rendererFile);
        return frameOf(other);
      },
    ],
    ['a frame that is gone', (window) => ({ sender: window.webContents, senderFrame: null })],
  ])('refuses a request from %s', async (_name, sender) => {
    const { service, window, refused } = setup();
    const reply = await ipcMain.invokeFrom(sender(window), 'account:signOut', {});
    expect(reply).toEqual(FORBIDDEN_SENDER_REPLY);
    expect(service.calls).toEqual([]);
    expect(refused).toHaveLength(1);
  });

  it('refuses a request once the frame is detached', async () => {
    const { service, window } = setup();
    window.webContents.mainFrame.detached = true;
    expect(await ipcMain.invokeFrom(frameOf(window), 'app:status', {})).toEqual(
      FORBIDDEN_SENDER_REPLY,
    );
    expect(service.calls).toEqual([]);
  });

  it('cannot be invoked on a channel outside the contract', async () => {
    const { window } = setup();
    await expect(ipcMain.invokeFrom(frameOf(window), 'shell:openExternal', {})).rejects.toThrow(
      /No handler registered/,
    );
    await expect(ipcMain.invokeFrom(frameOf(window), '__proto__', {})).rejects.toThrow(
      /No handler registered/,
    );
  });

  it('turns a failing handler into an error reply with words, never a stack', async () => {
    const { service, window } = setup();
    service.answers.set(
      'clients:configure',
      Object.assign(new Error('Cursor config has a syntax error at 3:7: fix it first.'), {
        code: 'client-config-invalid',
      }),
    );
    expect(
      await ipcMain.invokeFrom(frameOf(window), 'clients:configure', { id: 'cursor' }),
    ).toEqual({
      ok: false,
      error: {
        code: 'client-config-invalid',
        message: 'Cursor config has a syntax error at 3:7: fix it first.',
      },
    });
  });

  it('forwards every contract event to the settings page only', async () => {
    const { service, window } = setup();
    const status = statusOf({ tray: 'working' });
    service.emit('status:changed', status);
    service.emit('servers:changed', null);
    expect(window.webContents.sent).toEqual([
      { channel: 'status:changed', payload: status },
      { channel: 'servers:changed', payload: null },
    ]);
    for (const event of EVENTS) expect(service.listenerCount(event)).toBe(1);

    window.webContents.mainFrame.url = 'https://evil.com/';
    service.emit('clients:changed', null);
    expect(window.webContents.sent).toHaveLength(2);
  });

  it('sends nothing while no window is open', () => {
    const { service, window } = setup();
    window.close();
    expect(() => service.emit('status:changed', statusOf())).not.toThrow();
    expect(window.webContents.sent).toEqual([]);
  });

  it('closes the electron-store sync channel and undoes everything on close', () => {
    ipcMain.on('electron-store-get-data', () => undefined);
    const { service, close } = setup();
    expect(ipcMain.listenerCount('electron-store-get-data')).toBe(0);
    close();
    expect(ipcMain.handlers.size).toBe(0);
    for (const event of EVENTS) expect(service.listenerCount(event)).toBe(0);
  });
});
