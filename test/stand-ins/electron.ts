// A stand-in for the `electron` module in unit tests (vitest.config.ts aliases `electron` to
// this file): small fakes that record what the main process did, so tests assert outcomes —
// menus built, handlers registered, window options, URLs opened — without an Electron binary.
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';

/** An Electron-style event: preventable, with any extra fields the emitter adds. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

/** The options a fake was constructed with, as plain data. */
export type Options = Readonly<Record<string, unknown>>;

class FakeApp extends EventEmitter {
  lockAvailable = true;
  isPackaged = false;
  ready = true;
  quitted = false;
  readonly exits: number[] = [];
  readonly calls: string[] = [];
  readonly loginItem = { openAtLogin: false, wasOpenedAtLogin: false };
  readonly loginItemWrites: Options[] = [];
  readonly dock = { hidden: false, hide: (): void => void (this.dock.hidden = true) };
  #readyWaiters: (() => void)[] = [];

  requestSingleInstanceLock(): boolean {
    this.calls.push('requestSingleInstanceLock');
    return this.lockAvailable;
  }
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.#readyWaiters.push(resolve));
  }
  /** Test helper: Electron finished starting. */
  becomeReady(): void {
    this.ready = true;
    for (const resolve of this.#readyWaiters.splice(0)) resolve();
  }
  isReady(): boolean {
    return this.ready;
  }
  /** Like Electron: before-quit (preventable), will-quit (preventable), then quit. */
  quit(): void {
    this.calls.push('quit');
    const before = new FakeEvent();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    const will = new FakeEvent();
    this.emit('will-quit', will);
    if (will.defaultPrevented) return;
    this.quitted = true;
    this.emit('quit', new FakeEvent(), 0);
  }
  exit(code = 0): void {
    this.exits.push(code);
  }
  enableSandbox(): void {
    this.calls.push('enableSandbox');
  }
  disableHardwareAcceleration(): void {
    this.calls.push('disableHardwareAcceleration');
  }
  setAppUserModelId(id: string): void {
    this.calls.push(`setAppUserModelId:${id}`);
  }
  getAppPath(): string {
    return '/work/app';
  }
  getPath(name: string): string {
    return `/tmp/electron-stand-in/${name}`;
  }
  getVersion(): string {
    return '0.0.0-stand-in';
  }
  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    return { ...this.loginItem };
  }
  setLoginItemSettings(settings: { readonly openAtLogin?: boolean } & Options): void {
    this.loginItemWrites.push(settings);
    this.loginItem.openAtLogin = settings.openAtLogin === true;
  }
}

class FakeFrame {
  detached = false;
  constructor(
    public url: string,
    readonly parent: FakeFrame | null = null,
  ) {}
}

let nextContentsId = 1;

class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly sent: { readonly channel: string; readonly payload: unknown }[] = [];
  readonly scripts: string[] = [];
  readonly mainFrame = new FakeFrame('');
  windowOpenHandler: ((details: { readonly url: string }) => { action: string }) | null = null;
  destroyed = false;
  getURL(): string {
    return this.mainFrame.url;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  executeJavaScript(code: string): Promise<unknown> {
    this.scripts.push(code);
    const hash = /^location\.hash = "(.*)"$/.exec(code)?.[1];
    if (hash !== undefined) this.mainFrame.url = `${this.mainFrame.url.split('#')[0]}#${hash}`;
    return Promise.resolve(undefined);
  }
  /** Test helper: a navigation attempt; returns whether it was prevented. */
  tryNavigate(kind: 'will-navigate' | 'will-redirect', url: string): boolean {
    const event = new FakeEvent(url);
    this.emit(kind, event, url);
    return event.defaultPrevented;
  }
}

class FakeBrowserWindow extends EventEmitter {
  static readonly instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loads: { readonly file: string; readonly options: Options }[] = [];
  visible = false;
  focused = false;
  minimized = false;
  menuRemoved = false;
  destroyed = false;
  constructor(readonly options: Options) {
    super();
    FakeBrowserWindow.instances.push(this);
    fakeApp.emit('web-contents-created', new FakeEvent(), this.webContents);
  }
  /** Loads a file like Electron: the URL is the file URL plus hash; ready-to-show follows. */
  loadFile(file: string, options: { readonly hash?: string } = {}): Promise<void> {
    this.loads.push({ file, options });
    const hash = options.hash === undefined ? '' : `#${options.hash}`;
    this.webContents.mainFrame.url = `${pathToFileURL(file).href}${hash}`;
    queueMicrotask(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused = true;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  minimize(): void {
    this.minimized = true;
  }
  restore(): void {
    this.minimized = false;
  }
  removeMenu(): void {
    this.menuRemoved = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
    if (FakeBrowserWindow.instances.every((w) => w.destroyed)) {
      if (fakeApp.listenerCount('window-all-closed') > 0) fakeApp.emit('window-all-closed');
      else fakeApp.quit();
    }
  }
}

/** One built menu item, as the code gave it to Menu.buildFromTemplate. */
export interface FakeMenuItem {
  readonly label?: string;
  readonly type?: string;
  readonly enabled?: boolean;
  readonly checked?: boolean;
  readonly click?: () => void;
  readonly submenu?: readonly FakeMenuItem[];
}

class FakeMenu {
  static readonly built: FakeMenu[] = [];
  constructor(readonly items: readonly FakeMenuItem[]) {}
  static buildFromTemplate(template: readonly FakeMenuItem[]): FakeMenu {
    const menu = new FakeMenu(template);
    FakeMenu.built.push(menu);
    return menu;
  }
  /** Test helper: the item with this label, searched in submenus too. */
  find(label: string | RegExp): FakeMenuItem | undefined {
    const search = (items: readonly FakeMenuItem[]): FakeMenuItem | undefined => {
      for (const item of items) {
        const hit =
          item.label !== undefined &&
          (typeof label === 'string' ? item.label === label : label.test(item.label));
        if (hit) return item;
        const inner = item.submenu === undefined ? undefined : search(item.submenu);
        if (inner !== undefined) return inner;
      }
      return undefined;
    };
    return search(this.items);
  }
  /** Test helper: every label, submenus indented with "  ". */
  labels(): readonly string[] {
    const walk = (items: readonly FakeMenuItem[], indent: string): string[] =>
      items.flatMap((item) => [
        indent + (item.type === 'separator' ? '---' : (item.label ?? '')),
        ...(item.submenu === undefined ? [] : walk(item.submenu, `${indent}  `)),
      ]);
    return walk(this.items, '');
  }
}

class FakeNativeImage {
  template = false;
  readonly representations: { readonly scaleFactor: number; readonly buffer: Buffer }[] = [];
  constructor(buffer: Buffer, scaleFactor: number) {
    this.representations.push({ scaleFactor, buffer });
  }
  addRepresentation(options: { readonly scaleFactor?: number; readonly buffer?: Buffer }): void {
    this.representations.push({
      scaleFactor: options.scaleFactor ?? 1,
      buffer: options.buffer ?? Buffer.alloc(0),
    });
  }
  setTemplateImage(template: boolean): void {
    this.template = template;
  }
  isTemplateImage(): boolean {
    return this.template;
  }
}

class FakeTray extends EventEmitter {
  static readonly instances: FakeTray[] = [];
  tooltip = '';
  menu: FakeMenu | null = null;
  popUps = 0;
  destroyed = false;
  readonly images: FakeNativeImage[] = [];
  constructor(image: FakeNativeImage) {
    super();
    this.images.push(image);
    FakeTray.instances.push(this);
  }
  setImage(image: FakeNativeImage): void {
    this.images.push(image);
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: FakeMenu | null): void {
    this.menu = menu;
  }
  popUpContextMenu(): void {
    this.popUps += 1;
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

class FakeNotification extends EventEmitter {
  static supported = true;
  static readonly shown: FakeNotification[] = [];
  constructor(readonly options: { readonly title: string; readonly body: string }) {
    super();
  }
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  show(): void {
    FakeNotification.shown.push(this);
  }
}

/** What a fake IPC request looks like to a handler. */
export interface FakeInvokeEvent {
  readonly sender: FakeWebContents;
  readonly senderFrame: FakeFrame | null;
}

type InvokeHandler = (event: FakeInvokeEvent, input: unknown) => unknown;

class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, InvokeHandler>();
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Test helper: what Electron does for ipcRenderer.invoke (unknown channels reject). */
  async invokeFrom(event: FakeInvokeEvent, channel: string, input: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) {
      throw new Error(
        `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`,
      );
    }
    return handler(event, input);
  }
}

class FakeIpcRenderer extends EventEmitter {
  /** Who the preload's requests come from; tests point it at a window's frame. */
  sender: FakeInvokeEvent = { sender: new FakeWebContents(), senderFrame: null };
  readonly invoked: string[] = [];
  invoke(channel: string, input: unknown): Promise<unknown> {
    this.invoked.push(channel);
    return fakeIpcMain.invokeFrom(this.sender, channel, structuredClone(input));
  }
}

class FakeSession {
  permissionRequestHandler:
    | ((
        contents: FakeWebContents,
        permission: string,
        callback: (granted: boolean) => void,
        details: { readonly requestingUrl: string },
      ) => void)
    | null = null;
  permissionCheckHandler:
    | ((
        contents: FakeWebContents | null,
        permission: string,
        origin: string,
        details: { readonly requestingUrl?: string },
      ) => boolean)
    | null = null;
  devicePermissionHandler: (() => boolean) | null = null;
  headersListener:
    | ((
        details: { readonly url: string; readonly responseHeaders?: Record<string, string[]> },
        callback: (response: { readonly responseHeaders?: Record<string, string[]> }) => void,
      ) => void)
    | null = null;
  readonly webRequest = {
    onHeadersReceived: (listener: FakeSession['headersListener']): void => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: FakeSession['devicePermissionHandler']): void {
    this.devicePermissionHandler = handler;
  }
}

const fakeApp = new FakeApp();
const fakeIpcMain = new FakeIpcMain();

export const app = fakeApp;
export const BrowserWindow = FakeBrowserWindow;
export const Menu = FakeMenu;
export const Tray = FakeTray;
export const Notification = FakeNotification;
export const ipcMain = fakeIpcMain;
export const ipcRenderer = new FakeIpcRenderer();
export const nativeImage = {
  createFromBuffer: (buffer: Buffer, options: { readonly scaleFactor?: number } = {}) =>
    new FakeNativeImage(buffer, options.scaleFactor ?? 1),
};
export const nativeTheme = Object.assign(new EventEmitter(), {
  shouldUseDarkColors: false,
  shouldUseDarkColorsForSystemIntegratedUI: false,
});
export const shell = {
  opened: [] as string[],
  openedPaths: [] as string[],
  openPathProblem: '',
  openExternal(url: string): Promise<void> {
    shell.opened.push(url);
    return Promise.resolve();
  },
  openPath(path: string): Promise<string> {
    shell.openedPaths.push(path);
    return Promise.resolve(shell.openPathProblem);
  },
};
export const clipboard = {
  text: '',
  writeText(text: string): void {
    clipboard.text = text;
  },
};
export const dialog = {
  errors: [] as { readonly title: string; readonly content: string }[],
  showErrorBox(title: string, content: string): void {
    dialog.errors.push({ title, content });
  },
};
export const session = { defaultSession: new FakeSession() };
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    contextBridge.exposed.set(key, api);
  },
};

/** Test helper: a frame of a window's page (or a child frame of it) that sends IPC requests. */
export function frameOf(
  window: FakeBrowserWindow,
  options: { readonly child?: boolean; readonly url?: string } = {},
): FakeInvokeEvent {
  const main = window.webContents.mainFrame;
  const frame =
    options.child === true
      ? new FakeFrame(options.url ?? main.url, main)
      : options.url === undefined
        ? main
        : new FakeFrame(options.url);
  return { sender: window.webContents, senderFrame: frame };
}

/** Test helper: forget everything recorded, back to a fresh, ready, unlocked app. */
export function resetStandIn(): void {
  fakeApp.removeAllListeners();
  Object.assign(fakeApp, { lockAvailable: true, isPackaged: false, ready: true, quitted: false });
  fakeApp.exits.length = 0;
  fakeApp.calls.length = 0;
  fakeApp.loginItemWrites.length = 0;
  Object.assign(fakeApp.loginItem, { openAtLogin: false, wasOpenedAtLogin: false });
  fakeApp.dock.hidden = false;
  FakeBrowserWindow.instances.length = 0;
  FakeMenu.built.length = 0;
  FakeTray.instances.length = 0;
  FakeNotification.shown.length = 0;
  FakeNotification.supported = true;
  fakeIpcMain.handlers.clear();
  fakeIpcMain.removeAllListeners();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invoked.length = 0;
  ipcRenderer.sender = { sender: new FakeWebContents(), senderFrame: null };
  nativeTheme.removeAllListeners();
  nativeTheme.shouldUseDarkColors = false;
  nativeTheme.shouldUseDarkColorsForSystemIntegratedUI = false;
  shell.opened.length = 0;
  shell.openedPaths.length = 0;
  shell.openPathProblem = '';
  clipboard.text = '';
  dialog.errors.length = 0;
  session.defaultSession = new FakeSession();
  contextBridge.exposed.clear();
}

export type { FakeBrowserWindow, FakeTray, FakeMenu, FakeNotification, FakeWebContents };

export default {
  app,
  BrowserWindow,
  Menu,
  Tray,
  Notification,
  ipcMain,
  ipcRenderer,
  nativeImage,
  nativeTheme,
  shell,
  clipboard,
  dialog,
  session,
  contextBridge,
};
