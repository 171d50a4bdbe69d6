import type { StoredServer } from '../../../shared/settings';
import { storedServerAccess } from '../../../shared/gate-server';
import { buildServerRules, type ServerRules } from '../../../shared/server-rules';
import { SITES } from '../../../shared/sites';
import type { FetchFn } from '../auth/http-fetch';
import type { CredentialLookup } from '../cloud/credentials';
import { createOpenApiClient, IMS_ENDPOINTS } from '../cloud/openapi-client';
import type { SecretStore } from '../cloud/secret-store';
import {
  findUnknownRuleEntries,
  knownServerOf,
  listMcpServers,
  parseEndpointUrl,
  storedServerOf,
  type UnknownRuleEntry,
} from '../cloud/server-discovery';
import { UserError } from '../errors';
import { lookupAccessKey } from './access-key';
import type { GateContext } from './gate-context';

/** What the server catalogue takes from the outside world; tests replace each. */
export interface ServerCatalogDeps {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly homeDir?: string;
  readonly secretStore?: SecretStore | null;
  readonly fetch?: FetchFn;
}

/** One row of the listing. */
export interface ServerListing {
  readonly name: string;
  readonly id: string | null;
  readonly product: string | null;
  readonly sourceType: string;
  readonly origin: StoredServer['origin'];
  readonly access: 'allowed' | 'blocked' | 'not-allowed';
  readonly urls: { readonly mcp: string; readonly sse: string };
}

/** What `servers` and the proxy's start-up show: the servers with their access marks and unknown rule entries. */
export interface ServerReport {
  readonly lookup: CredentialLookup;
  readonly proxyBase: string;
  readonly listing: readonly ServerListing[];
  readonly unknown: readonly UnknownRuleEntry[];
}

/**
 * Discovers the profile's servers with an AccessKey when there is one (remembering them in the
 * settings), else takes the stored ones, and marks each against the rules in force.
 */
export async function loadServerReport(
  context: GateContext,
  proxyBase: string,
  deps: ServerCatalogDeps = {},
): Promise<ServerReport> {
  const { config } = context;
  const lookup = await lookupAccessKey(context, deps);
  if (lookup.found !== null) {
    const discovered = await discover(context, lookup, deps.fetch);
    context.settings.update((current) => ({
      ...current,
      servers: [
        ...current.servers.filter(
          (s) =>
            s.profile !== config.profile ||
            (s.origin !== 'discovered' && !discovered.some((d) => d.paths.mcp === s.paths.mcp)),
        ),
        ...discovered,
      ],
    }));
  }
  const stored = context.settings.read().servers.filter((s) => s.profile === config.profile);
  const rules = buildServerRules(config.allowedServers, config.blockedServers);
  return {
    lookup,
    proxyBase,
    listing: stored.map((server) => listingOf(server, rules, proxyBase)),
    unknown: findUnknownRuleEntries(rules, stored.map(knownServerOf)),
  };
}

async function discover(
  context: GateContext,
  lookup: CredentialLookup,
  fetchFn: FetchFn | undefined,
): Promise<StoredServer[]> {
  const { config } = context;
  const found = lookup.found;
  if (found === null) return [];
  const site = config.site === 'custom' ? null : config.site;
  const mcpUrl = config.overrides.upstreamUrl ?? (site === null ? null : SITES[site].upstreamUrl);
  if (mcpUrl === null) {
    throw new UserError('bad-flag', 'With --site custom, give --upstream-url to list the servers.');
  }
  const client = createOpenApiClient({
    credentials: found.credentials,
    endpoints: { imsUrl: IMS_ENDPOINTS[site ?? 'cn'], mcpUrl },
    ...(fetchFn === undefined ? {} : { fetch: fetchFn }),
  });
  context.logger.info({ source: found.source }, 'listing MCP servers with an AccessKey');
  const servers = await listMcpServers(client);
  return servers
    .map((server) => storedServerOf(server, config.profile, 'discovered'))
    .filter((server): server is StoredServer => server !== null);
}

/** One server's row: its access under the rules and its proxy URLs. */
export function listingOf(
  server: StoredServer,
  rules: ServerRules,
  proxyBase: string,
): ServerListing {
  return {
    name: server.name,
    id: server.id,
    product: server.product,
    sourceType: server.sourceType,
    origin: server.origin,
    access: storedServerAccess(server, rules),
    urls: { mcp: proxyBase + server.paths.mcp, sse: proxyBase + server.paths.sse },
  };
}

/** Remembers a server from its console endpoint URL (or a proxy URL) under the context's profile. */
export function addServer(context: GateContext, url: string): StoredServer {
  const { config } = context;
  const server = parseEndpointUrl(url, config.profile, 'added');
  context.settings.update((current) => ({
    ...current,
    servers: [
      ...current.servers.filter(
        (s) => !(s.profile === config.profile && s.paths.mcp === server.paths.mcp),
      ),
      server,
    ],
  }));
  return server;
}

/** Forgets servers added by hand or seen in traffic, by name or id; discovered ones cannot be removed. */
export function removeServer(context: GateContext, nameOrId: string): readonly StoredServer[] {
  const { config } = context;
  const mine = context.settings.read().servers.filter((s) => s.profile === config.profile);
  const matching = mine.filter((s) => s.name === nameOrId || s.id === nameOrId);
  const removable = matching.filter((s) => s.origin !== 'discovered');
  if (removable.length === 0) {
    const shown = nameOrId.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').slice(0, 64);
    if (matching.length > 0) {
      throw new UserError(
        'server-discovered',
        `${shown} is listed by the account itself, so it cannot be removed: block it with --blocked-servers ${shown} (or switch it off in the app).`,
      );
    }
    const names = mine.map((s) => s.name).join(', ');
    throw new UserError(
      'server-unknown',
      `No server named or with id "${shown}" in profile ${config.profile}${names === '' ? '' : ` (known: ${names})`}: see \`mcp-gate servers\`.`,
    );
  }
  context.settings.update((current) => ({
    ...current,
    servers: current.servers.filter(
      (s) => !removable.some((r) => r.profile === s.profile && r.paths.mcp === s.paths.mcp),
    ),
  }));
  return removable;
}
