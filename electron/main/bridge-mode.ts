import { app } from 'electron';
import type { Readable, Writable } from 'node:stream';
import { bridgeKeyFromEnv, runStdioBridge } from '../core/bridge/stdio-bridge';

/**
 * Runs the app executable as Claude Desktop's stdio bridge (`--mcp-gate-bridge bridge <url>`):
 * no lock, window or tray; the process exits when either side closes.
 */
export async function runBridgeMode(
  url: string,
  env: Readonly<Record<string, string | undefined>>,
  stdio: { readonly stdin?: Readable; readonly stdout?: Writable } = {},
): Promise<void> {
  app.disableHardwareAcceleration();
  app.dock?.hide();
  try {
    const bridge = await runStdioBridge({ url, key: bridgeKeyFromEnv(env), ...stdio });
    await bridge.closed;
    app.exit(0);
  } catch (error) {
    process.stderr.write(
      `mcp-gate bridge: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    app.exit(1);
  }
}
