import envPaths from 'env-paths';
import { join } from 'node:path';

/** The files MCP Gate keeps in its config directory. */
export interface GatePaths {
  readonly configDir: string;
  readonly activityLog: string;
  readonly tokenFile: string;
  /** Local client keys with `--token-store file` (0600). */
  readonly clientKeysFile: string;
  /** Which client config entries MCP Gate wrote (no secrets). */
  readonly clientRecords: string;
}

/** The OS config directory for mcp-gate (e.g. ~/.config/mcp-gate), unless the user named one. */
export function resolvePaths(configDir: string | undefined): GatePaths {
  const dir = configDir ?? envPaths('mcp-gate', { suffix: '' }).config;
  return {
    configDir: dir,
    activityLog: join(dir, 'activity.jsonl'),
    tokenFile: join(dir, 'tokens.json'),
    clientKeysFile: join(dir, 'client-keys.json'),
    clientRecords: join(dir, 'clients.json'),
  };
}
