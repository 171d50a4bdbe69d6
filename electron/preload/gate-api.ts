import type { IpcRenderer, IpcRendererEvent } from 'electron';
import {
  GateRequestError,
  isChannelName,
  isEventName,
  unwrapReply,
  type ChannelName,
  type ChannelOutput,
  type EventName,
  type EventPayloads,
  type GateApi,
  type Reply,
} from '../../shared/ipc/contract';

/** The part of ipcRenderer the contract object uses. */
export type ContractIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

/**
 * The `window.mcpGate` object: `invoke` only for contract channels (the reply unwrapped, an
 * error reply thrown as GateRequestError), `on` only for contract events, the listener given
 * the payload alone (never the IpcRendererEvent), returning its unsubscribe function.
 */
export function createContractApi(ipc: ContractIpc): GateApi {
  return {
    async invoke<C extends ChannelName>(channel: C, input: unknown): Promise<ChannelOutput<C>> {
      if (!isChannelName(channel)) {
        throw new GateRequestError({
          code: 'unknown-channel',
          message: `No such request: ${String(channel).slice(0, 100)}`,
        });
      }
      let reply: unknown;
      try {
        reply = await ipc.invoke(channel, input);
      } catch {
        throw new GateRequestError({
          code: 'ipc-failed',
          message: `MCP Gate did not answer ${channel}: restart the app if this keeps happening.`,
        });
      }
      if (!isReply(reply)) {
        throw new GateRequestError({
          code: 'bad-reply',
          message: `MCP Gate sent an unreadable answer to ${channel}.`,
        });
      }
      return unwrapReply(reply as Reply<ChannelOutput<C>>);
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
      if (!isEventName(event)) {
        throw new GateRequestError({
          code: 'unknown-event',
          message: `No such event: ${String(event).slice(0, 100)}`,
        });
      }
      if (typeof listener !== 'function') {
        throw new GateRequestError({ code: 'bad-listener', message: 'on() needs a function.' });
      }
      const forward = (_event: IpcRendererEvent, payload: unknown): void =>
        listener(payload as EventPayloads[E]);
      ipc.on(event, forward);
      return () => {
        ipc.removeListener(event, forward);
      };
    },
  };
}

function isReply(value: unknown): value is Reply<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const reply = value as { readonly ok?: unknown; readonly error?: unknown };
  if (reply.ok === true) return 'value' in reply;
  if (reply.ok !== false || typeof reply.error !== 'object' || reply.error === null) return false;
  const error = reply.error as { readonly code?: unknown; readonly message?: unknown };
  return typeof error.code === 'string' && typeof error.message === 'string';
}
