import type { EventName, EventPayloads } from '../../../shared/ipc/contract';

/** A typed publish/subscribe hub for the contract's pushed events. */
export interface AppEvents {
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
}

/** Creates an event hub; a listener that throws never stops the others. */
export function createAppEvents(onListenerError: (error: unknown) => void): AppEvents {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  return {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: never) => void);
      return () => void set.delete(listener as (payload: never) => void);
    },
    emit(event, payload) {
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          (listener as (payload: EventPayloads[typeof event]) => void)(payload);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
  };
}
