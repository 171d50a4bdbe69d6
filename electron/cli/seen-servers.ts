import type { ActivityEntry } from '../../shared/activity';
import { parseEndpointUrl } from '../core/cloud/server-discovery';
import type { CliContext } from './context';

/**
 * Remembers servers that clients reached through the proxy but that the settings do not know
 * yet (marked `seen-in-traffic`), so `mcp-gate servers` and client configuration can offer them.
 * Only answered requests count; each new server costs one settings write.
 */
export function rememberSeenServers(context: CliContext): (entry: ActivityEntry) => void {
  const { profile } = context.config;
  const known = new Set(
    context.settings
      .read()
      .servers.filter((s) => s.profile === profile)
      .flatMap((s) => [s.paths.mcp, s.paths.sse]),
  );
  return (entry) => {
    if (entry.server === null || entry.outcome !== 'ok' || entry.status >= 400) return;
    if (known.has(entry.path)) return;
    let server;
    try {
      server = parseEndpointUrl(`http://127.0.0.1${entry.path}`, profile, 'seen-in-traffic');
    } catch {
      return; // a message endpoint or another path that is not a server's own URL
    }
    known.add(server.paths.mcp);
    known.add(server.paths.sse);
    context.settings.update((current) =>
      current.servers.some((s) => s.profile === profile && s.paths.mcp === server.paths.mcp)
        ? current
        : { ...current, servers: [...current.servers, server] },
    );
  };
}
