import { app } from 'electron';
import { homedir } from 'node:os';
import { createAppService } from '../core/app/app-service';
import { createLogger } from '../core/logger';
import { resolvePaths } from '../core/paths';
import { parseLaunch } from './app-args';
import { appFiles } from './app-files';
import { runBridgeMode } from './bridge-mode';
import { startDesktopApp } from './desktop-app';
import { electronStoreBacking } from './settings-backing';

// The composition root of the Electron main process. `--mcp-gate-bridge` turns this run into
// Claude Desktop's stdio bridge before anything of the tray app exists (see app-args.ts).
const launch = parseLaunch(process.argv);
switch (launch.mode) {
  case 'bridge':
    void runBridgeMode(launch.url, process.env);
    break;
  case 'invalid':
    process.stderr.write(`MCP Gate: ${launch.message}\n`);
    app.exit(2);
    break;
  case 'app': {
    const logger = createLogger();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());
    startDesktopApp({
      createService: createAppService,
      settingsBacking: electronStoreBacking,
      configDir: resolvePaths(undefined).configDir,
      files: appFiles(import.meta.url),
      autostart: launch.autostart,
      env: process.env,
      platform: process.platform,
      homeDir: homedir(),
      execPath: process.execPath,
      logger,
    }).catch((error: unknown) => {
      logger.fatal(
        { err: error instanceof Error ? error.message : String(error) },
        'start-up failed',
      );
      app.exit(1);
    });
    break;
  }
}
