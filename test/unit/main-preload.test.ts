import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerIpc } from '../../electron/main/ipc';
import { createSettingsWindow } from '../../electron/main/window';
import { GateRequestError, type GateApi } from '../../shared/ipc/contract';
import { createFakeService, statusOf, type FakeAppService } from '../stand-ins/app-service';
import {
  BrowserWindow,
  contextBridge,
  frameOf,
  ipcMain,
  ipcRenderer,
  resetStandIn,
  type FakeInvokeEvent,
} from '../stand-ins/electron';
import { must } from '../stand-ins/must';

const files = {
  rendererFile: '/app/dist/renderer/index.html',
  preloadFile: '/app/dist/preload/preload.cjs',
};

let exposed: ReadonlyMap<string, unknown> = new Map();

/** The object preload.ts exposed, talking through the stand-in IPC to the real main-side handlers. */
function setup(): { readonly api: GateApi; readonly service: FakeAppService } {
  const service = createFakeService();
  const manager = createSettingsWindow({ files, platform: 'linux', devTools: false });
  registerIpc({ service, settingsWindow: manager });
  manager.show();
  ipcRenderer.sender = frameOf(must(BrowserWindow.instances[0]));
  return { api: exposed.get('mcpGate') as GateApi, service };
}

describe('the preload contract object', () => {
  beforeAll(async () => {
    resetStandIn();
    await import('../../electron/preload/preload');
    exposed = new Map(contextBridge.exposed);
  });
  beforeEach(resetStandIn);

  it('exposes window.mcpGate with invoke and on only', () => {
    expect([...exposed.keys()]).toEqual(['mcpGate']);
    expect(Object.keys(exposed.get('mcpGate') as object).sort()).toEqual(['invoke', 'on']);
  });

  it('invokes a contract channel and returns the unwrapped value', async () => {
    const { api, service } = setup();
    service.answers.set('proxy:start', { state: 'running' });
    await expect(api.invoke('proxy:start', {})).resolves.toEqual({ state: 'running' });
    expect(ipcRenderer.invoked).toEqual(['proxy:start']);
  });

  it('throws a GateRequestError with the words of an error reply', async () => {
    const { api } = setup();
    const error = await api
      // @ts-expect-error: the wrong shape on purpose
      .invoke('servers:setAllowed', { name: 'ecs' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GateRequestError);
    expect(error).toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('allowed'),
    });
  });

  it.each(['shell:openExternal', 'constructor', '__proto__', 'electron-store-get-data'])(
    'refuses %s without sending anything',
    async (channel) => {
      const { api } = setup();
      // @ts-expect-error: not a contract channel
      await expect(api.invoke(channel, {})).rejects.toMatchObject({
        code: 'unknown-channel',
      });
      expect(ipcRenderer.invoked).toEqual([]);
    },
  );

  it('is refused by main when the page is not the settings page', async () => {
    const { api, service } = setup();
    ipcRenderer.sender = {
      ...frameOf(must(BrowserWindow.instances[0]), { url: 'https://evil.com/' }),
    } satisfies FakeInvokeEvent;
    await expect(api.invoke('account:signOut', {})).rejects.toMatchObject({
      code: 'forbidden-sender',
    });
    expect(service.calls).toEqual([]);
  });

  it('reports an IPC failure and an unreadable reply in words', async () => {
    const { api } = setup();
    ipcMain.handlers.set('app:status', () => {
      throw new Error('boom at Object.<anonymous> (main.js:1:1)');
    });
    const failure = await api.invoke('app:status', {}).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'ipc-failed' });
    expect((failure as Error).message).not.toContain('main.js');
    ipcMain.handlers.set('app:status', () => ({ value: 1 }));
    await expect(api.invoke('app:status', {})).rejects.toMatchObject({ code: 'bad-reply' });
  });

  it('passes event payloads without the IpcRendererEvent and unsubscribes', () => {
    const { api } = setup();
    const seen: unknown[][] = [];
    const off = api.on('status:changed', (...args: unknown[]) => seen.push(args));
    const status = statusOf();
    ipcRenderer.emit('status:changed', { sender: 'secret event object' }, status);
    expect(seen).toEqual([[status]]);
    off();
    ipcRenderer.emit('status:changed', {}, status);
    expect(seen).toHaveLength(1);
    expect(ipcRenderer.listenerCount('status:changed')).toBe(0);
  });

  it('refuses to listen to names outside the contract', () => {
    const { api } = setup();
    // @ts-expect-error: not a contract event
    expect(() => api.on('electron-store-get-data', () => undefined)).toThrow(GateRequestError);
    expect(ipcRenderer.eventNames()).toEqual([]);
  });
});
