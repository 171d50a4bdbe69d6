import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { AppService } from '../core/app/app-service-types';
import {
  CHANNELS,
  EVENTS,
  dispatch,
  type ChannelName,
  type EventName,
  type EventPayloads,
  type Reply,
} from '../../shared/ipc/contract';
import { isRendererUrl, isTrustedSender } from './renderer-url-policy';
import type { SettingsWindow } from './window';

/** What the IPC bridge serves and to whom. */
export interface IpcOptions {
  readonly service: Pick<AppService, 'handlers' | 'on'>;
  readonly settingsWindow: Pick<SettingsWindow, 'current' | 'rendererUrl'>;
  /** Told about each refused request (never its input). */
  readonly onRefused?: (channel: ChannelName, frameUrl: string) => void;
}

/** The reply to a request from any frame other than the settings window's own page. */
export const FORBIDDEN_SENDER_REPLY: Reply<never> = {
  ok: false,
  error: {
    code: 'forbidden-sender',
    message: 'Refused: this request did not come from the MCP Gate settings window.',
  },
};

/** The sync channel electron-store opens for renderer-side stores; this app has none. */
const ELECTRON_STORE_CHANNEL = 'electron-store-get-data';

/**
 * The only place that touches ipcMain: one `handle` per contract channel (sender frame
 * checked, then validated and run by the contract's dispatch, which never throws), and every
 * contract event forwarded to the settings window. Returns the function that undoes it all.
 */
export function registerIpc(options: IpcOptions): () => void {
  const channels = Object.keys(CHANNELS) as ChannelName[];
  for (const channel of channels) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown) => {
      if (!trusted(event, options)) {
        options.onRefused?.(channel, event.senderFrame?.url ?? '');
        return FORBIDDEN_SENDER_REPLY;
      }
      return dispatch(options.service.handlers, channel, input);
    });
  }
  // renderer pages never use electron-store: keep its sync channel closed
  ipcMain.removeAllListeners(ELECTRON_STORE_CHANNEL);

  const send = <E extends EventName>(event: E, payload: EventPayloads[E]): void => {
    const window = options.settingsWindow.current();
    if (window === null) return;
    const contents = window.webContents;
    if (
      contents.isDestroyed() ||
      !isRendererUrl(contents.getURL(), options.settingsWindow.rendererUrl)
    ) {
      return;
    }
    contents.send(event, payload);
  };
  const unsubscribe = EVENTS.map((event) =>
    options.service.on(event, (payload) => send(event, payload)),
  );

  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
    for (const off of unsubscribe) off();
  };
}

function trusted(event: IpcMainInvokeEvent, options: IpcOptions): boolean {
  const window = options.settingsWindow.current();
  const frame = event.senderFrame;
  return isTrustedSender(
    {
      fromSettingsWindow: window !== null && event.sender.id === window.webContents.id,
      isMainFrame: frame !== null && !frame.detached && frame.parent === null,
      frameUrl: frame?.url ?? '',
    },
    options.settingsWindow.rendererUrl,
  );
}
