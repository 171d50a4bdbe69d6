import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/ipc/contract';
import { useGateApi } from '../api/gate-api-context';
import { errorMessage } from '../util/error-message';

/** The state of one request the page shows, with ways to repeat or replace it. */
export interface GateQuery<T> {
  readonly data: T | undefined;
  /** Why the last attempt failed, in words, or null. */
  readonly error: string | null;
  readonly loading: boolean;
  reload(): Promise<void>;
  /** Shows a fresher value (e.g. what a change returned) without asking again. */
  set(value: T): void;
}

interface QueryState<T> {
  readonly data: T | undefined;
  readonly error: string | null;
  readonly loading: boolean;
}

/** Asks `channel` with `input` on mount and whenever the input changes. */
export function useGateQuery<C extends ChannelName>(
  channel: C,
  input: ChannelInput<C>,
): GateQuery<ChannelOutput<C>> {
  const api = useGateApi();
  const key = JSON.stringify(input);
  const [state, setState] = useState<QueryState<ChannelOutput<C>>>({
    data: undefined,
    error: null,
    loading: true,
  });
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setState((previous) => ({ ...previous, loading: true }));
    try {
      const data = await api.invoke(channel, JSON.parse(key) as ChannelInput<C>);
      if (mine === generation.current) setState({ data, error: null, loading: false });
    } catch (error) {
      if (mine === generation.current) {
        setState((previous) => ({
          data: previous.data,
          error: errorMessage(error),
          loading: false,
        }));
      }
    }
  }, [api, channel, key]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const set = useCallback((data: ChannelOutput<C>) => {
    generation.current++;
    setState({ data, error: null, loading: false });
  }, []);

  return { ...state, reload, set };
}
