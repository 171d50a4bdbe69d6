import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppServiceDeps } from '../../electron/core/app/app-service-types';
import { UserError } from '../../electron/core/errors';
import { createLogger } from '../../electron/core/logger';
import type { SettingsBackingFactory } from '../../electron/core/settings/settings-store';
import { startDesktopApp, type DesktopAppOptions } from '../../electron/main/desktop-app';
import { installQuitFlow } from '../../electron/main/quit-flow';
import { createFakeService, type FakeAppService } from '../stand-ins/app-service';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  resetStandIn,
  shell,
  Tray,
} from '../stand-ins/electron';
import { must } from '../stand-ins/must';

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const xdgConfigHome = mkdtempSync(join(tmpdir(), 'mcp-gate-xdg-'));
afterAll(() => rmSync(xdgConfigHome, { recursive: true, force: true }));

interface Harness {
  readonly service: FakeAppService;
  readonly deps: AppServiceDeps[];
  readonly options: DesktopAppOptions;
}

function harness(change: Partial<DesktopAppOptions> = {}): Harness {
  const service = createFakeService();
  const deps: AppServiceDeps[] = [];
  const memory: SettingsBackingFactory = () => ({ path: '/mem/settings.json', store: {} });
  const options: DesktopAppOptions = {
    createService: async (given) => {
      deps.push(given);
      return service;
    },
    settingsBacking: memory,
    configDir: '/home/u/.config/mcp-gate',
    files: {
      rendererFile: '/app/dist/renderer/index.html',
      preloadFile: '/app/dist/preload/preload.cjs',
    },
    autostart: false,
    env: { XDG_CONFIG_HOME: xdgConfigHome },
    platform: 'linux',
    homeDir: '/home/u',
    execPath: '/usr/lib/electron/electron',
    logger: createLogger({ level: 'silent' }),
    ...change,
  };
  return { service, deps, options };
}

function deferred(): { readonly promise: Promise<void>; resolve(): void; reject(e: Error): void } {
  let resolve = (): void => undefined;
  let reject = (_e: Error): void => undefined;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe('single instance', () => {
  beforeEach(resetStandIn);

  it('a second launch without the lock quits at once and builds nothing', async () => {
    app.lockAvailable = false;
    const { options, deps } = harness();
    await expect(startDesktopApp(options)).resolves.toBeNull();
    expect(app.quitted).toBe(true);
    expect(deps).toEqual([]);
    expect(Tray.instances).toEqual([]);
    expect(BrowserWindow.instances).toEqual([]);
  });

  it('the first instance shows and focuses its settings window when launched again', async () => {
    const { options } = harness({ autostart: true });
    await startDesktopApp(options);
    expect(BrowserWindow.instances).toEqual([]);
    app.emit('second-instance', {}, ['/usr/bin/mcp-gate'], '/home/u');
    await flush();
    expect(BrowserWindow.instances).toHaveLength(1);
    const window = must(BrowserWindow.instances[0]);
    expect(window.visible && window.focused).toBe(true);
    window.focused = false;
    window.minimize();
    app.emit('second-instance', {}, ['/usr/bin/mcp-gate'], '/home/u');
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(window.focused && !window.minimized).toBe(true);
  });

  it('a launch that arrives before Electron is ready opens the window once ready', async () => {
    app.ready = false;
    const { options } = harness({ autostart: true });
    const started = startDesktopApp(options);
    await flush();
    app.emit('second-instance', {}, [], '/');
    expect(BrowserWindow.instances).toEqual([]);
    app.becomeReady();
    await started;
    expect(BrowserWindow.instances).toHaveLength(1);
  });

  it('takes the lock and enables the sandbox before Electron is ready', async () => {
    app.ready = false;
    const started = startDesktopApp(harness().options);
    await flush();
    expect(app.calls).toEqual(['requestSingleInstanceLock', 'enableSandbox']);
    app.becomeReady();
    await started;
  });
});

describe('start-up', () => {
  beforeEach(resetStandIn);

  it('builds the service like the CLI, with the app as the bridge, then starts it', async () => {
    const { options, deps, service } = harness();
    const started = await startDesktopApp(options);
    expect(started?.service).toBe(service);
    expect(service.started).toBe(1);
    const given = must(deps[0]);
    expect(given).toMatchObject({
      configDir: '/home/u/.config/mcp-gate',
      platform: 'linux',
      homeDir: '/home/u',
      env: options.env,
      settingsBacking: options.settingsBacking,
    });
    expect(given.bridgeCommand?.()).toEqual({
      command: '/usr/lib/electron/electron',
      args: ['/work/app', '--mcp-gate-bridge'],
    });
    await given.openExternal('https://signin.aliyun.com/oauth2/v1/auth?state=1');
    await expect(given.openExternal('https://evil.com/')).rejects.toThrow(/refused/);
    expect(shell.opened).toEqual(['https://signin.aliyun.com/oauth2/v1/auth?state=1']);
    await given.openPath('/home/u/.config/mcp-gate');
    shell.openPathProblem = 'No application is registered';
    await expect(given.openPath('/x')).rejects.toThrow(/No application is registered/);
    expect(Tray.instances).toHaveLength(1);
    expect(ipcMain.handlers.size).toBeGreaterThan(0);
  });

  it('opens the settings window on a manual launch, not on a start at login', async () => {
    await startDesktopApp(harness().options);
    expect(BrowserWindow.instances).toHaveLength(1);
    resetStandIn();
    await startDesktopApp(harness({ autostart: true }).options);
    expect(BrowserWindow.instances).toHaveLength(0);
  });

  it.each([
    ['darwin', (): boolean => app.dock.hidden],
    ['win32', (): boolean => app.calls.includes('setAppUserModelId:com.mcpgate.app')],
  ])('on %s: a tray app (no dock icon / an app id for notifications)', async (platform, check) => {
    await startDesktopApp(harness({ platform }).options);
    expect(check()).toBe(true);
  });

  it('says why in a dialog and quits when the service cannot start', async () => {
    const { options } = harness({
      createService: () =>
        Promise.reject(
          new UserError('settings-invalid', 'The settings file is not valid: fix it.'),
        ),
    });
    await expect(startDesktopApp(options)).resolves.toBeNull();
    expect(dialog.errors).toEqual([
      { title: 'MCP Gate cannot start', content: 'The settings file is not valid: fix it.' },
    ]);
    expect(app.quitted).toBe(true);
    expect(Tray.instances).toEqual([]);
  });

  it('closing the settings window keeps the app in the tray', async () => {
    const { options, service } = harness();
    await startDesktopApp(options);
    must(BrowserWindow.instances[0]).close();
    expect(app.quitted).toBe(false);
    expect(service.stopped).toBe(0);
    expect(must(Tray.instances[0]).isDestroyed()).toBe(false);
  });
});

describe('quit', () => {
  beforeEach(resetStandIn);

  it('stops the proxy exactly once and quits only after it stopped', async () => {
    const { options, service } = harness();
    await startDesktopApp(options);
    const gate = deferred();
    service.stopGate = gate.promise;
    app.quit();
    app.quit(); // a second Quit while stopping
    await flush();
    expect(service.stopped).toBe(1);
    expect(app.quitted).toBe(false);
    gate.resolve();
    await flush();
    expect(app.quitted).toBe(true);
    expect(service.stopped).toBe(1);
    expect(must(Tray.instances[0]).isDestroyed()).toBe(true);
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('the tray Quit item goes through the same flow', async () => {
    const { options, service } = harness();
    await startDesktopApp(options);
    const quit = must(Tray.instances[0]).menu?.find('Quit MCP Gate')?.click;
    must(quit, 'Quit item')();
    await flush();
    expect(service.stopped).toBe(1);
    expect(app.quitted).toBe(true);
  });

  it('quits even when stopping fails', async () => {
    const { options, service } = harness();
    await startDesktopApp(options);
    const gate = deferred();
    service.stopGate = gate.promise;
    app.quit();
    gate.reject(new Error('activity log flush failed'));
    await flush();
    expect(app.quitted).toBe(true);
  });

  it('quits even when stopping hangs past the timeout', async () => {
    const problems: unknown[] = [];
    let stops = 0;
    installQuitFlow(
      () => {
        stops += 1;
        return new Promise<void>(() => undefined);
      },
      (error) => problems.push(error),
      20,
    );
    app.quit();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(stops).toBe(1);
    expect(app.quitted).toBe(true);
    expect(String(problems[0])).toMatch(/longer than 20 ms/);
  });
});
