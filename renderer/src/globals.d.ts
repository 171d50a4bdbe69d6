import type { GateApi } from '../../shared/ipc/contract';

declare global {
  interface Window {
    /** The contract object Electron's preload exposes; absent in a plain browser. */
    readonly mcpGate?: GateApi;
  }
}
