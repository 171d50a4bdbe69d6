import type { ActivityEntry } from '../../../shared/activity';
import { parseEndpointUrl } from '../cloud/server-discovery';
import type { GateContext } from './gate-context';

/**
 * Remembers servers that clients reached through the proxy but that the settings do not know
 * yet (marked `seen-in-traffic`, under the profile whose token served them), so `mcp-gate
 * servers` and client configuration can offer them.
 * Only answered requests count; each new server costs one settings write.
 */
export function rememberSeenServers(
  context: GateContext,
  profileFor: (account: string | null) => string,
): (entry: ActivityEntry) => void {
  const known = new Set(context.settings.read().servers.flatMap((s) => [s.paths.mcp, s.paths.sse]));
  return (entry) => {
    if (entry.server === null || entry.outcome !== 'ok' || entry.status >= 400) return;
    if (known.has(entry.path)) return;
    // only a server's own endpoints name it; message posts and other paths are not parsed at all
    if (!entry.path.endsWith('/mcp') && !entry.path.endsWith('/sse')) return;
    // the profile whose token answered it: its account is now known to that profile
    const profile = profileFor(entry.account);
    let server;
    try {
      server = parseEndpointUrl(`http://127.0.0.1${entry.path}`, profile, 'seen-in-traffic');
    } catch {
      return; // not the shape of an OpenAPI MCP server's URL
    }
    known.add(server.paths.mcp);
    known.add(server.paths.sse);
    context.settings.update((current) =>
      current.servers.some((s) => s.paths.mcp === server.paths.mcp)
        ? current
        : { ...current, servers: [...current.servers, server] },
    );
  };
}
