import type { Command } from 'commander';
import type { StoredServer } from '../../../shared/settings';
import {
  buildServerRules,
  decideServerAccess,
  normalizeRequestPath,
  type ServerRules,
} from '../../../shared/server-rules';
import { SITES } from '../../../shared/sites';
import type { FetchFn } from '../../core/auth/http-fetch';
import type { CredentialLookup } from '../../core/cloud/credentials';
import { createOpenApiClient, IMS_ENDPOINTS } from '../../core/cloud/openapi-client';
import type { SecretStore } from '../../core/cloud/secret-store';
import {
  findUnknownRuleEntries,
  knownServerOf,
  listMcpServers,
  parseEndpointUrl,
  storedServerOf,
  type UnknownRuleEntry,
} from '../../core/cloud/server-discovery';
import { UserError } from '../../core/errors';
import { localBaseUrl } from '../../core/gate';
import { lookupAccessKey } from '../access-key';
import type { CommonFlags } from '../config';
import { openContext, type CliContext } from '../context';

/** Flags of `mcp-gate servers`. */
export type ServersFlags = CommonFlags & { readonly json?: boolean };

/** What the servers commands take from the outside world; tests replace each. */
export interface ServersDeps {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly homeDir?: string;
  readonly secretStore?: SecretStore | null;
  readonly fetch?: FetchFn;
  readonly write?: (text: string) => void;
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

/** Registers `mcp-gate servers [--json]`, `servers add <endpoint-url>` and `servers remove <name-or-id>`. */
export function registerServersCommand(program: Command): void {
  const servers = withOptions(program.command('servers'))
    .description("list the account's OpenAPI MCP servers with their proxy URLs")
    .option('--json', 'machine-readable output')
    .option(
      '--allowed-servers <list>',
      'mark servers outside this list (names, ids, /path/prefixes)',
    )
    .option('--blocked-servers <list>', 'mark servers in this list')
    .action((flags: ServersFlags) => runServersList(flags));

  withOptions(servers.command('add'))
    .description(
      'remember a server from its console endpoint URL (or a proxy URL), without an AccessKey',
    )
    .argument(
      '<endpoint-url>',
      'Streamable HTTP or SSE endpoint, e.g. https://openapi-mcp…/accounts/<uid>/custom/<name>/id/<id>/mcp',
    )
    .action((url: string, _flags: CommonFlags, command: Command) =>
      runServersAdd(url, command.optsWithGlobals<CommonFlags>()),
    );

  withOptions(servers.command('remove'))
    .description('forget a server added with `servers add` (or seen in traffic)')
    .argument('<name-or-id>', 'server name or id')
    .action((nameOrId: string, _flags: CommonFlags, command: Command) =>
      runServersRemove(nameOrId, command.optsWithGlobals<CommonFlags>()),
    );
}

/** Options are declared on `servers` and on each subcommand; actions read them merged (`optsWithGlobals`). */
function withOptions(command: Command): Command {
  return command
    .option('--profile <name>', 'profile (one signed-in identity)')
    .option('--site <site>', 'Alibaba Cloud site: cn, intl or custom')
    .option('--upstream-url <url>', 'OpenAPI MCP upstream (overrides the site default)')
    .option('--config-dir <dir>', 'settings directory')
    .option(
      '--token-store <store>',
      'keychain (also looked in for a kept AccessKey) or file (the keychain is not used)',
    )
    .option('--host <address>', 'address of the proxy (for the URLs shown)')
    .option('--port <port>', 'port of the proxy (for the URLs shown)')
    .option('--log-level <level>', 'log level');
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
  context: CliContext,
  proxyBase: string,
  deps: ServersDeps = {},
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

/** The report as text for people, as `mcp-gate servers` and the proxy's start-up print it. */
export function formatServerReport(profile: string, report: ServerReport): string {
  const { lookup, proxyBase, listing, unknown } = report;
  return formatListing(profile, lookup.found?.source ?? null, lookup, proxyBase, listing, unknown);
}

/** `mcp-gate servers`: discovers with an AccessKey when there is one, else lists the stored servers. */
export async function runServersList(flags: ServersFlags, deps: ServersDeps = {}): Promise<void> {
  const context = openContext(flags);
  const { config } = context;
  const write = deps.write ?? ((text: string) => void process.stdout.write(text));
  const proxyBase = localBaseUrl(config.host, config.port);
  const report = await loadServerReport(context, proxyBase, deps);
  if (flags.json === true) {
    const { lookup, listing, unknown } = report;
    write(
      JSON.stringify(
        {
          profile: config.profile,
          credentialSource: lookup.found?.source ?? null,
          skippedSources: lookup.found === null ? lookup.skipped : [],
          proxy: proxyBase,
          servers: listing,
          unknownRuleEntries: unknown,
        },
        null,
        2,
      ) + '\n',
    );
    return;
  }
  write(formatServerReport(config.profile, report));
}

/** `mcp-gate servers add <endpoint-url>`. */
export function runServersAdd(url: string, flags: CommonFlags, deps: ServersDeps = {}): void {
  const context = openContext(flags);
  const { config } = context;
  const write = deps.write ?? ((text: string) => void process.stdout.write(text));
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
  const base = localBaseUrl(config.host, config.port);
  write(
    `Added ${server.name}${server.id === null ? '' : ` (id ${server.id})`} to profile ${config.profile}.\n` +
      `  MCP: ${base}${server.paths.mcp}\n  SSE: ${base}${server.paths.sse}\n`,
  );
}

/** `mcp-gate servers remove <name-or-id>`: undoes an add (discovered servers come back with the next listing). */
export function runServersRemove(
  nameOrId: string,
  flags: CommonFlags,
  deps: ServersDeps = {},
): void {
  const context = openContext(flags);
  const { config } = context;
  const write = deps.write ?? ((text: string) => void process.stdout.write(text));
  const mine = context.settings.read().servers.filter((s) => s.profile === config.profile);
  const matching = mine.filter((s) => s.name === nameOrId || s.id === nameOrId);
  const removable = matching.filter((s) => s.origin !== 'discovered');
  if (removable.length === 0) {
    const shown = nameOrId.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').slice(0, 64);
    if (matching.length > 0) {
      throw new UserError(
        'server-discovered',
        `${shown} is listed by the account itself, so it cannot be removed: block it with --blocked-servers ${shown} instead.`,
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
  write(`Removed ${removable.map((s) => s.name).join(', ')} from profile ${config.profile}.\n`);
}

async function discover(
  context: CliContext,
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

function listingOf(server: StoredServer, rules: ServerRules, proxyBase: string): ServerListing {
  const normalized = normalizeRequestPath(server.paths.mcp);
  const decision = decideServerAccess(normalized.ok ? normalized.segments : [], rules);
  return {
    name: server.name,
    id: server.id,
    product: server.product,
    sourceType: server.sourceType,
    origin: server.origin,
    access: decision.allowed ? 'allowed' : decision.list,
    urls: { mcp: proxyBase + server.paths.mcp, sse: proxyBase + server.paths.sse },
  };
}

function formatListing(
  profile: string,
  source: string | null,
  lookup: CredentialLookup,
  proxyBase: string,
  listing: readonly ServerListing[],
  unknown: readonly UnknownRuleEntry[],
): string {
  const lines: string[] = [];
  if (source === null) {
    lines.push(
      `No AccessKey (${lookup.skipped.map((s) => `${s.source}: ${s.reason}`).join('; ')}); showing the servers remembered for profile ${profile}.`,
      'Add one with `mcp-gate servers add <endpoint-url>`, or set ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET to list them all.',
    );
  } else {
    lines.push(
      `Servers of profile ${profile} (AccessKey from ${source}), through the proxy at ${proxyBase}:`,
    );
  }
  if (listing.length === 0) lines.push('  (none)');
  for (const server of listing) {
    const mark =
      server.access === 'blocked'
        ? ' (blocked)'
        : server.access === 'not-allowed'
          ? ' (not allowed)'
          : '';
    const facts = [
      server.id === null ? null : `id ${server.id}`,
      server.product,
      server.sourceType,
      server.origin === 'discovered' ? null : server.origin,
    ].filter((f): f is string => f !== null && f !== '');
    lines.push(`  - ${server.name}${mark}  [${facts.join(', ')}]`);
    lines.push(`      MCP: ${server.urls.mcp}`);
    lines.push(`      SSE: ${server.urls.sse}`);
  }
  for (const entry of unknown) {
    lines.push(
      `Warning: --${entry.list}-servers entry "${entry.entry}" matches no known server (a typo?).`,
    );
  }
  return lines.join('\n') + '\n';
}
