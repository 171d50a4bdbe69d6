import type { GateServer } from './clients';
import type { StoredServer } from './settings';
import {
  decideServerAccess,
  normalizeRequestPath,
  parseServerPath,
  type ServerRules,
} from './server-rules';

/** A server read from a URL the user gave, or why the URL cannot be used. */
export type ParsedGateServer =
  | { readonly ok: true; readonly server: GateServer }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads the server behind a proxy or endpoint URL (`http://127.0.0.1:8088/accounts/…/mcp`,
 * `https://…aliyuncs.com/accounts/…/sse`): its name and its Streamable HTTP path on the proxy.
 */
export function parseGateServerUrl(input: string): ParsedGateServer {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: 'the URL must be http or https' };
  }
  const normalized = normalizeRequestPath(url.pathname);
  if (!normalized.ok) return { ok: false, reason: normalized.reason };
  const parsed = parseServerPath(normalized.segments);
  if (parsed.name === null) {
    return {
      ok: false,
      reason:
        'the path does not name an OpenAPI MCP server (/accounts/<uid>/custom/<name>/id/<id>/mcp)',
    };
  }
  const segments = normalized.path.split('/').filter((s) => s !== '');
  const last = segments[segments.length - 1];
  if (last === 'sse' || last === 'mcp' || last === 'message') segments.pop();
  const base = `/${segments.join('/')}`;
  return { ok: true, server: { name: parsed.name, path: `${base}/mcp`, ssePath: `${base}/sse` } };
}

/** Gives servers that share a name distinct entry names by adding the last path segment before `/mcp`. */
export function distinctServers(servers: readonly GateServer[]): GateServer[] {
  const byPath = new Map<string, GateServer>();
  for (const server of servers) byPath.set(server.path, server);
  const unique = [...byPath.values()];
  const counts = new Map<string, number>();
  for (const s of unique) counts.set(s.name, (counts.get(s.name) ?? 0) + 1);
  return unique.map((s) => {
    if ((counts.get(s.name) ?? 0) < 2) return s;
    const parts = s.path.split('/').filter((p) => p !== '');
    const id = parts[parts.length - 2] ?? 'x';
    return { ...s, name: `${s.name}-${id}` };
  });
}

/** Whether the rules let a stored server through: allowed, on the block list, or outside a non-empty allow list. */
export function storedServerAccess(
  server: StoredServer,
  rules: ServerRules,
): 'allowed' | 'blocked' | 'not-allowed' {
  const normalized = normalizeRequestPath(server.paths.mcp);
  const decision = decideServerAccess(normalized.ok ? normalized.segments : [], rules);
  return decision.allowed ? 'allowed' : decision.list;
}

/** The known servers of `profile` from settings that the allow/block rules let through. */
export function serversFromSettings(
  stored: readonly StoredServer[],
  rules: ServerRules,
  profile: string,
): GateServer[] {
  const servers: GateServer[] = [];
  for (const server of stored) {
    if (server.profile !== profile) continue;
    const normalized = normalizeRequestPath(server.paths.mcp);
    if (!normalized.ok || !decideServerAccess(normalized.segments, rules).allowed) continue;
    servers.push({ name: server.name, path: normalized.path, ssePath: server.paths.sse });
  }
  return distinctServers(servers);
}
