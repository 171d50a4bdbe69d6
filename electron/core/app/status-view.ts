import type { ServerRules } from '../../../shared/server-rules';
import { storedServerAccess } from '../../../shared/gate-server';
import type { StoredServer } from '../../../shared/settings';
import type {
  ClientView,
  ProxyView,
  ServerView,
  SessionState,
  TrayState,
} from '../../../shared/ipc/views';
import { clientInfo } from '../../../shared/clients';
import type { ClientListRow } from '../clients/client-service';

/** The tray icon's look: attention wins, then work in flight, then signed out, else ready. */
export function trayStateOf(
  session: SessionState,
  signInInProgress: boolean,
  proxy: ProxyView['state'],
): TrayState {
  if (session === 'expired' || proxy === 'failed') return 'attention';
  if (signInInProgress || session === 'refreshing' || proxy === 'starting') return 'working';
  if (session === 'signed-out') return 'signed-out';
  return 'ready';
}

/** One stored server as the Servers page shows it, with its access under the rules and its proxy URLs. */
export function serverViewOf(
  server: StoredServer,
  rules: ServerRules,
  proxyBase: string,
): ServerView {
  return {
    name: server.name,
    id: server.id,
    product: server.product,
    origin: server.origin,
    profile: server.profile,
    accountId: server.accountId,
    access: storedServerAccess(server, rules),
    mcpUrl: proxyBase + server.paths.mcp,
    sseUrl: proxyBase + server.paths.sse,
  };
}

/**
 * The rule lists after switching one server on or off: off puts its name on the block list;
 * on takes it off the block list and, when an allow list is in force, onto it.
 */
export function rulesWithServer(
  allowed: readonly string[],
  blocked: readonly string[],
  name: string,
  allow: boolean,
): { readonly allowedServers: string[]; readonly blockedServers: string[] } {
  if (!allow) {
    return {
      allowedServers: allowed.filter((entry) => entry !== name),
      blockedServers: blocked.includes(name) ? [...blocked] : [...blocked, name],
    };
  }
  return {
    allowedServers:
      allowed.length === 0 || allowed.includes(name) ? [...allowed] : [...allowed, name],
    blockedServers: blocked.filter((entry) => entry !== name),
  };
}

/** A client row as the Clients page and the tray show it. */
export function clientViewOf(row: ClientListRow): ClientView {
  const info = clientInfo(row.id);
  const applicable = info.kind !== 'file' || row.file !== null;
  return {
    id: row.id,
    name: row.name,
    kind: info.kind,
    detected: row.found,
    configPath: row.file,
    state: !applicable ? 'not-applicable' : row.state === 'unknown' ? 'unreadable' : row.state,
    problem: row.state === 'unknown' ? row.error : null,
    staleEntries: row.stale.map((s) => `${s.name} (${s.reason})`),
    hasKey: row.hasKey === true,
    hasDeepLink: info.hasDeepLink,
    reload: info.reload,
  };
}
