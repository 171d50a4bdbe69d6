import { useEffect, useRef } from 'react';
import type { EventName, EventPayloads } from '../../../shared/ipc/contract';
import { useGateApi } from '../api/gate-api-context';

/** Calls `listener` for every `event` the core pushes while the component is mounted. */
export function useGateEvent<E extends EventName>(
  event: E,
  listener: (payload: EventPayloads[E]) => void,
): void {
  const api = useGateApi();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => api.on(event, (payload) => latest.current(payload)), [api, event]);
}
