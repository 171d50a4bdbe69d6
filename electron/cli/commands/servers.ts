import {
  addServer,
  loadServerReport,
  removeServer,
  type ServerCatalogDeps,
  type ServerListing,
  type ServerReport,
} from '../../core/context/server-catalog';
import type { CredentialLookup } from '../../core/cloud/credentials';
import type { UnknownRuleEntry } from '../../core/cloud/server-discovery';
import { localBaseUrl } from '../../core/gate';
import type { CommonFlags } from '../config';
import { openContext } from '../context';

export { loadServerReport, type ServerListing, type ServerReport };

/** Flags of `mcp-gate servers`. */
export type ServersFlags = CommonFlags & { readonly json?: boolean };

/** What the servers commands take from the outside world; tests replace each. */
export interface ServersDeps extends ServerCatalogDeps {
  readonly write?: (text: string) => void;
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
  const server = addServer(context, url);
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
  const write = deps.write ?? ((text: string) => void process.stdout.write(text));
  const removed = removeServer(context, nameOrId);
  write(
    `Removed ${removed.map((s) => s.name).join(', ')} from profile ${context.config.profile}.\n`,
  );
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
