// Started by bridge.test.ts as a child process: runs the stdio bridge exactly as `mcp-gate bridge <url>` does.
import { bridgeKeyFromEnv, runStdioBridge } from '../../electron/core/bridge/stdio-bridge';

const bridge = await runStdioBridge({
  url: process.argv[2] ?? '',
  key: bridgeKeyFromEnv(process.env),
});
await bridge.closed;
process.exit(0);
