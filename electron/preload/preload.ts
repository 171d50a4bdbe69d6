import { contextBridge, ipcRenderer } from 'electron';
import { createContractApi } from './gate-api';

// Bundled to dist/preload/preload.cjs: sandboxed preloads are CommonJS and self-contained.
contextBridge.exposeInMainWorld('mcpGate', createContractApi(ipcRenderer));
