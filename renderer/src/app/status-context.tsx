import { createContext, useContext, type ReactNode } from 'react';
import type { AppStatus } from '../../../shared/ipc/views';
import { useGateEvent } from '../hooks/use-gate-event';
import { useGateQuery, type GateQuery } from '../hooks/use-gate-query';

const StatusContext = createContext<GateQuery<AppStatus> | null>(null);

/** Keeps the app status (`app:status`, then every `status:changed`) for the whole window. */
export function StatusProvider({ children }: { readonly children: ReactNode }): ReactNode {
  const status = useGateQuery('app:status', {});
  useGateEvent('status:changed', status.set);
  return <StatusContext.Provider value={status}>{children}</StatusContext.Provider>;
}

/** The latest app status and a way to ask again. */
export function useAppStatus(): GateQuery<AppStatus> {
  const status = useContext(StatusContext);
  if (status === null) throw new Error('useAppStatus outside StatusProvider');
  return status;
}
