import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The settings window's React app: built into dist/renderer, loaded by Electron from disk or served by `demo:ui`. */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
  },
});
