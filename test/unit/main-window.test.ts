import { beforeEach, describe, expect, it } from 'vitest';
import { createSettingsWindow } from '../../electron/main/window';
import { BrowserWindow, nativeTheme, resetStandIn } from '../stand-ins/electron';
import { must } from '../stand-ins/must';

const files = {
  rendererFile: '/opt/MCP Gate/resources/app.asar/dist/renderer/index.html',
  preloadFile: '/opt/MCP Gate/resources/app.asar/dist/preload/preload.cjs',
};
const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('the settings window', () => {
  beforeEach(resetStandIn);

  it('is created with context isolation, sandbox, no Node and the bundled preload', () => {
    createSettingsWindow({ files, platform: 'linux', devTools: false }).show();
    expect(BrowserWindow.instances).toHaveLength(1);
    const options = must(BrowserWindow.instances[0]).options;
    expect(options).toMatchObject({ show: false, title: 'MCP Gate' });
    expect(options['webPreferences']).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: false,
      preload: files.preloadFile,
    });
  });

  it('loads the renderer file and shows itself only once ready to show', async () => {
    const manager = createSettingsWindow({ files, platform: 'linux', devTools: true });
    manager.show();
    const window = must(BrowserWindow.instances[0]);
    expect(window.loads).toEqual([{ file: files.rendererFile, options: {} }]);
    expect(window.visible).toBe(false);
    await flush();
    expect(window.visible).toBe(true);
    expect(window.focused).toBe(true);
    expect(window.menuRemoved).toBe(true);
    expect(manager.rendererUrl).toBe(
      'file:///opt/MCP%20Gate/resources/app.asar/dist/renderer/index.html',
    );
    expect(manager.current()).toBe(window as unknown);
  });

  it('is reused: a second show focuses the open window and switches page by hash', async () => {
    const manager = createSettingsWindow({ files, platform: 'darwin', devTools: false });
    manager.show('servers');
    await flush();
    const window = must(BrowserWindow.instances[0]);
    expect(must(window.loads[0]).options).toEqual({ hash: 'servers' });
    window.minimize();
    window.focused = false;
    manager.show('clients');
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
    expect(window.webContents.scripts).toEqual(['location.hash = "clients"']);
    expect(window.loads).toHaveLength(1);
    expect(window.menuRemoved).toBe(false); // macOS keeps the app menu (Edit shortcuts)
  });

  it('opens a new window after the old one was closed', async () => {
    const manager = createSettingsWindow({ files, platform: 'win32', devTools: false });
    manager.show();
    await flush();
    must(BrowserWindow.instances[0]).close();
    expect(manager.current()).toBeNull();
    manager.show();
    expect(BrowserWindow.instances).toHaveLength(2);
    expect(manager.current()).toBe(BrowserWindow.instances[1] as unknown);
  });

  it('paints its background for the theme', () => {
    nativeTheme.shouldUseDarkColors = true;
    createSettingsWindow({ files, platform: 'linux', devTools: false }).show();
    expect(must(BrowserWindow.instances[0]).options['backgroundColor']).toBe('#1f2328');
  });

  it('hands every new window to the security wiring before it loads', () => {
    const seen: number[] = [];
    const manager = createSettingsWindow({
      files,
      platform: 'linux',
      devTools: false,
      onCreated: (window) => seen.push(window.webContents.id),
    });
    manager.show();
    expect(seen).toEqual([must(BrowserWindow.instances[0]).webContents.id]);
  });
});
