import { z } from 'zod';
import type { StoredServer, ServerOrigin } from '../../../shared/settings';
import {
  normalizeRequestPath,
  parseServerPath,
  ruleMatches,
  type ServerRule,
  type ServerRules,
} from '../../../shared/server-rules';
import { UserError } from '../errors';
import { MCP_API_VERSION, type OpenApiClient } from './openapi-client';

/** One MCP server as `ListApiMcpServers` describes it. */
export interface McpServerInfo {
  readonly name: string;
  readonly id: string;
  readonly product: string;
  readonly sourceType: string;
  readonly urls: { readonly mcp: string | null; readonly sse: string | null };
}

/** A server as the rule check sees it: its name, id and paths. */
export interface KnownServer {
  readonly name: string;
  readonly id: string | null;
  readonly paths: readonly string[];
}

/** A `--allowed-servers` / `--blocked-servers` entry that matches no known server. */
export interface UnknownRuleEntry {
  readonly list: 'allowed' | 'blocked';
  readonly entry: string;
}

const ListApiMcpServersSchema = z.looseObject({
  apiMcpServers: z.array(
    z.looseObject({
      id: z.string().min(1),
      name: z.string().min(1),
      sourceType: z.string().default(''),
      product: z.string().default(''),
      urls: z.looseObject({ mcp: z.string().optional(), sse: z.string().optional() }).default({}),
    }),
  ),
});

/** Lists the account's OpenAPI MCP servers (`ListApiMcpServers`, ROA `GET /apimcpservers`). */
export async function listMcpServers(
  client: Pick<OpenApiClient, 'callRoa'>,
): Promise<McpServerInfo[]> {
  const body = await client.callRoa({
    action: 'ListApiMcpServers',
    version: MCP_API_VERSION,
    method: 'GET',
    path: '/apimcpservers',
  });
  const parsed = ListApiMcpServersSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(
      'cloud-bad-answer',
      `ListApiMcpServers answered an unexpected shape (${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'}): check the --upstream-url setting.`,
    );
  }
  return parsed.data.apiMcpServers.map((server) => ({
    name: server.name,
    id: server.id,
    product: server.product,
    sourceType: server.sourceType,
    urls: { mcp: nonEmpty(server.urls.mcp), sse: nonEmpty(server.urls.sse) },
  }));
}

/** Rewrites one upstream URL to the proxy: keeps path and query, swaps scheme and host. */
export function toProxyUrl(upstreamUrl: string, proxyBase: string): string | null {
  let url: URL;
  try {
    url = new URL(upstreamUrl);
  } catch {
    return null;
  }
  return proxyBase.replace(/\/+$/, '') + url.pathname + url.search;
}

/** The proxy's MCP and SSE URLs of a server (`proxyBase` like `http://127.0.0.1:8088`). */
export function toProxyUrls(
  server: Pick<McpServerInfo, 'urls'>,
  proxyBase: string,
): { readonly mcp: string | null; readonly sse: string | null } {
  return {
    mcp: server.urls.mcp === null ? null : toProxyUrl(server.urls.mcp, proxyBase),
    sse: server.urls.sse === null ? null : toProxyUrl(server.urls.sse, proxyBase),
  };
}

/** The stored-server record of a discovered server, or null when its URLs have no usable path. */
export function storedServerOf(
  server: McpServerInfo,
  profile: string,
  origin: ServerOrigin = 'discovered',
): StoredServer | null {
  const first = server.urls.mcp ?? server.urls.sse;
  if (first === null) return null;
  let parsed: StoredServer;
  try {
    parsed = parseEndpointUrl(first, profile, origin);
  } catch {
    return null;
  }
  return {
    ...parsed,
    name: server.name,
    id: server.id,
    product: server.product === '' ? parsed.product : server.product,
    paths: {
      mcp: pathOf(server.urls.mcp) ?? parsed.paths.mcp,
      sse: pathOf(server.urls.sse) ?? parsed.paths.sse,
    },
  };
}

const EXPECTED_SHAPE =
  'Paste the Streamable HTTP or SSE endpoint shown in the OpenAPI MCP console, e.g. ' +
  'https://openapi-mcp.cn-hangzhou.aliyuncs.com/accounts/<uid>/custom/<name>/id/<id>/mcp ' +
  '(or …/sse, /accounts/<uid>/system/<product>/<name>/id/<id>/mcp, /acs/mcp-server/<name>/mcp), ' +
  'or a proxy URL such as http://127.0.0.1:8088/accounts/<uid>/custom/<name>/id/<id>/mcp.';

/** Reads a console endpoint or proxy URL (`mcp-gate servers add <endpoint-url>`) into a stored-server record. */
export function parseEndpointUrl(
  input: string,
  profile = 'default',
  origin: ServerOrigin = 'added',
): StoredServer {
  const shown = input
    .replace(/[\p{Cc}\p{Cf}\s]+/gu, ' ')
    .trim()
    .slice(0, 200);
  const fail = (why: string): never => {
    throw new UserError('bad-endpoint-url', `"${shown}" ${why}. ${EXPECTED_SHAPE}`);
  };
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return fail('is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail('is not an http(s) URL');
  if (url.username !== '' || url.password !== '') fail('contains a user name or password');
  const normalized = normalizeRequestPath(url.pathname);
  if (!normalized.ok) return fail(`has an unusable path (${normalized.reason})`);
  const server = parseServerPath(normalized.segments);
  if (server.sourceType === null || server.name === null) {
    return fail('is not the path of an OpenAPI MCP server');
  }
  const baseLength = server.sourceType === 'acs' ? 3 : server.sourceType === 'custom' ? 6 : 7;
  if (normalized.segments.length > baseLength + 1)
    fail('has extra path segments after the endpoint');
  if (server.endpoint !== null && server.endpoint !== 'mcp' && server.endpoint !== 'sse') {
    fail(`ends in "/${server.endpoint.slice(0, 20)}" instead of /mcp or /sse`);
  }
  const rawSegments = normalized.path.split('/').filter((s) => s !== '');
  const base = '/' + rawSegments.slice(0, baseLength).join('/');
  return {
    name: server.name,
    id: server.id,
    product: server.product,
    sourceType: server.sourceType,
    accountId: server.account,
    paths: { mcp: `${base}/mcp`, sse: `${base}/sse` },
    origin,
    profile,
  };
}

/** The rule-check view of a listed or stored server. */
export function knownServerOf(server: McpServerInfo | StoredServer): KnownServer {
  if ('paths' in server) {
    return { name: server.name, id: server.id, paths: [server.paths.mcp, server.paths.sse] };
  }
  const paths = [pathOf(server.urls.mcp), pathOf(server.urls.sse)].filter(
    (p): p is string => p !== null,
  );
  return { name: server.name, id: server.id, paths };
}

/** Entries of the allow and block lists that match no known server, so a typo is reported, not silently ignored. */
export function findUnknownRuleEntries(
  rules: ServerRules,
  servers: readonly KnownServer[],
): UnknownRuleEntry[] {
  const unknown: UnknownRuleEntry[] = [];
  const check = (list: 'allowed' | 'blocked', entries: readonly ServerRule[]) => {
    const seen = new Set<string>();
    for (const rule of entries) {
      if (seen.has(rule.value)) continue;
      const sameValue = entries.filter((r) => r.value === rule.value);
      if (!servers.some((server) => sameValue.some((r) => matchesKnown(r, server)))) {
        unknown.push({ list, entry: rule.value });
      }
      seen.add(rule.value);
    }
  };
  check('allowed', rules.allowed);
  check('blocked', rules.blocked);
  return unknown;
}

function matchesKnown(rule: ServerRule, server: KnownServer): boolean {
  switch (rule.kind) {
    case 'name':
      return server.name === rule.value;
    case 'id':
      return server.id === rule.value;
    case 'prefix':
      return server.paths.some((path) => {
        const normalized = normalizeRequestPath(path);
        return normalized.ok && ruleMatches(rule, parseServerPath(normalized.segments));
      });
  }
}

function pathOf(url: string | null): string | null {
  if (url === null) return null;
  try {
    return new URL(url).pathname;
  } catch {
    return null;
  }
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}
