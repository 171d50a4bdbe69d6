import type { GateApi } from '../../../shared/ipc/contract';
import { createHttpGateApi } from './http-gate-api';
import { takeUiToken } from './ui-token';

/** The transport this window was opened with: Electron's preload object, loopback HTTP with a token, or none. */
export function pickGateApi(win: Window): GateApi | null {
  if (win.mcpGate !== undefined) return win.mcpGate;
  if (win.location.protocol !== 'http:' && win.location.protocol !== 'https:') return null;
  const token = takeUiToken(win);
  return token === null ? null : createHttpGateApi(token);
}
