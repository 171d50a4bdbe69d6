import envPaths from 'env-paths';
import { join } from 'node:path';

/** The files MCP Gate keeps in its config directory. */
export interface GatePaths {
  readonly configDir: string;
  readonly activityLog: string;
  readonly tokenFile: string;
}

/** The OS config directory for mcp-gate (e.g. ~/.config/mcp-gate), unless the user named one. */
export function resolvePaths(configDir: string | undefined): GatePaths {
  const dir = configDir ?? envPaths('mcp-gate', { suffix: '' }).config;
  return {
    configDir: dir,
    activityLog: join(dir, 'activity.jsonl'),
    tokenFile: join(dir, 'tokens.json'),
  };
}
