import { fileURLToPath } from 'node:url';
import type { SettingsWindowFiles } from './window';

/**
 * The renderer page and preload script next to the bundled main script
 * (dist/main/main.js → dist/renderer/index.html, dist/preload/preload.cjs), inside app.asar
 * when packaged.
 */
export function appFiles(mainModuleUrl: string): SettingsWindowFiles {
  return {
    rendererFile: fileURLToPath(new URL('../renderer/index.html', mainModuleUrl)),
    preloadFile: fileURLToPath(new URL('../preload/preload.cjs', mainModuleUrl)),
  };
}
