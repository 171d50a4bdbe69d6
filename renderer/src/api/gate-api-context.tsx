import { createContext, useContext } from 'react';
import type { GateApi } from '../../../shared/ipc/contract';

/** Carries the one GateApi of this window to every component. */
export const GateApiContext = createContext<GateApi | null>(null);

/** The window's GateApi; only used below `GateApiContext.Provider`. */
export function useGateApi(): GateApi {
  const api = useContext(GateApiContext);
  if (api === null) throw new Error('useGateApi outside GateApiContext');
  return api;
}
