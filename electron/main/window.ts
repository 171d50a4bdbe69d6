import { BrowserWindow, nativeTheme, type BrowserWindowConstructorOptions } from 'electron';
import { pathToFileURL } from 'node:url';
import type { SettingsPage } from './tray-menu';

/** Where the settings window's files are. */
export interface SettingsWindowFiles {
  /** dist/renderer/index.html */
  readonly rendererFile: string;
  /** dist/preload/preload.cjs (sandboxed preloads are CommonJS, self-contained). */
  readonly preloadFile: string;
}

/** The one settings window: created on demand, reused while open. */
export interface SettingsWindow {
  /** Shows (and focuses) the window, creating it if needed, on a page when one is named. */
  show(page?: SettingsPage | null): void;
  /** The open window, or null. */
  current(): BrowserWindow | null;
  /** The file URL of the renderer page, which the window must show. */
  readonly rendererUrl: string;
}

/** What the settings window is built with. */
export interface SettingsWindowOptions {
  readonly files: SettingsWindowFiles;
  readonly platform: string;
  /** DevTools only when run from source. */
  readonly devTools: boolean;
  /** Called with every new window before it loads anything (security wiring). */
  readonly onCreated?: (window: BrowserWindow) => void;
  /** Told when the page cannot be loaded (e.g. the renderer was not built). */
  readonly onLoadFailed?: (error: unknown) => void;
}

/** The BrowserWindow options of the settings window. */
export function settingsWindowOptions(
  files: SettingsWindowFiles,
  devTools: boolean,
  dark: boolean,
): BrowserWindowConstructorOptions {
  return {
    width: 1040,
    height: 720,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'MCP Gate',
    autoHideMenuBar: true,
    backgroundColor: dark ? '#1f2328' : '#ffffff',
    webPreferences: {
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
      devTools,
      preload: files.preloadFile,
    },
  };
}

/** The settings window manager (one window, reused; closing it keeps the app in the tray). */
export function createSettingsWindow(options: SettingsWindowOptions): SettingsWindow {
  const rendererUrl = pathToFileURL(options.files.rendererFile).href;
  let window: BrowserWindow | null = null;

  const open = (page: SettingsPage | null): BrowserWindow => {
    const created = new BrowserWindow(
      settingsWindowOptions(options.files, options.devTools, nativeTheme.shouldUseDarkColors),
    );
    if (options.platform !== 'darwin') created.removeMenu();
    options.onCreated?.(created);
    created.once('ready-to-show', () => {
      created.show();
      created.focus();
    });
    created.on('closed', () => {
      if (window === created) window = null;
    });
    created
      .loadFile(options.files.rendererFile, page === null ? {} : { hash: page })
      .catch((error: unknown) => options.onLoadFailed?.(error));
    return created;
  };

  return {
    rendererUrl,
    current: () => (window !== null && !window.isDestroyed() ? window : null),
    show(page = null) {
      const existing = window !== null && !window.isDestroyed() ? window : null;
      if (existing === null) {
        window = open(page);
        return;
      }
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      if (page !== null) {
        // same-document hash change: the page follows `hashchange`, nothing reloads
        existing.webContents
          .executeJavaScript(`location.hash = ${JSON.stringify(page)}`)
          .catch((error: unknown) => options.onLoadFailed?.(error));
      }
    },
  };
}
