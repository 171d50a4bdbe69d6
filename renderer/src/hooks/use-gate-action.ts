import { useCallback, useState } from 'react';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/ipc/contract';
import { useGateApi } from '../api/gate-api-context';
import { useToasts } from '../toasts/toast-context';
import { errorMessage } from '../util/error-message';

/** How one change is shown while it runs and when it fails. */
export interface ActionOptions {
  /** Which button is busy (default: the channel). */
  readonly key?: string;
  /** What the user tried, for the error toast ("save the proxy settings"). */
  readonly what: string;
}

/** Runs changes through the contract: tracks which are under way and turns failures into toasts. */
export interface GateAction {
  run<C extends ChannelName>(
    channel: C,
    input: ChannelInput<C>,
    options: ActionOptions,
  ): Promise<ChannelOutput<C> | undefined>;
  isPending(key: string): boolean;
  readonly anyPending: boolean;
}

/** Changes made from a page; a failure shows its message and resolves to undefined. */
export function useGateAction(): GateAction {
  const api = useGateApi();
  const { push } = useToasts();
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());

  const run = useCallback(
    async <C extends ChannelName>(
      channel: C,
      input: ChannelInput<C>,
      options: ActionOptions,
    ): Promise<ChannelOutput<C> | undefined> => {
      const key = options.key ?? channel;
      setPending((keys) => new Set(keys).add(key));
      try {
        return await api.invoke(channel, input);
      } catch (error) {
        push({ kind: 'error', title: `Could not ${options.what}`, body: errorMessage(error) });
        return undefined;
      } finally {
        setPending((keys) => {
          const next = new Set(keys);
          next.delete(key);
          return next;
        });
      }
    },
    [api, push],
  );

  const isPending = useCallback((key: string) => pending.has(key), [pending]);
  return { run, isPending, anyPending: pending.size > 0 };
}
