/** One entry of `--allowed-servers` / `--blocked-servers`: a server name, a server id, or a path prefix. */
export type ServerRule =
  | { readonly kind: 'name'; readonly value: string }
  | { readonly kind: 'id'; readonly value: string }
  | { readonly kind: 'prefix'; readonly value: string; readonly segments: readonly string[] };

/** The allow and block lists; blocked wins, an empty allow list allows everything. */
export interface ServerRules {
  readonly allowed: readonly ServerRule[];
  readonly blocked: readonly ServerRule[];
}

/** What a request path says about the MCP server it targets. */
export interface ServerPath {
  readonly segments: readonly string[];
  readonly account: string | null;
  readonly name: string | null;
  readonly id: string | null;
  readonly product: string | null;
  readonly sourceType: 'custom' | 'system' | 'acs' | null;
  readonly endpoint: string | null;
}

/** A request path made safe for matching and forwarding, or the reason it is refused. */
export type NormalizedPath =
  | {
      readonly ok: true;
      /** Path (no query) to send upstream: empty segments dropped, original encoding kept. */
      readonly path: string;
      /** The query string including its leading `?`, or ''. */
      readonly search: string;
      /** Decoded segments, for matching. */
      readonly segments: readonly string[];
    }
  | { readonly ok: false; readonly reason: string };

/** The outcome of checking a request against the rules. */
export type AccessDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly list: 'blocked' | 'not-allowed';
      /** The rule that blocked it, as the user wrote it; null when no allow rule matched. */
      readonly rule: string | null;
    };

export const EMPTY_RULES: ServerRules = { allowed: [], blocked: [] };

const ENCODED_SEPARATOR = /%(2f|5c)/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Normalises the request target of an origin-form request: refuses absolute-form targets,
 * encoded or back slashes, control characters and dot segments (also percent-encoded),
 * and collapses empty segments, so that no spelling of a path can slip past a rule.
 */
export function normalizeRequestPath(target: string): NormalizedPath {
  if (!target.startsWith('/')) return { ok: false, reason: 'request target must be a path' };
  const q = target.indexOf('?');
  const rawPath = q === -1 ? target : target.slice(0, q);
  const search = q === -1 ? '' : target.slice(q);
  if (rawPath.includes('\\') || ENCODED_SEPARATOR.test(rawPath)) {
    return { ok: false, reason: 'encoded or back slashes are not allowed in the path' };
  }
  if (CONTROL.test(target))
    return { ok: false, reason: 'control characters in the request target' };
  const raw = rawPath.split('/').filter((s) => s !== '');
  const segments: string[] = [];
  for (const segment of raw) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return { ok: false, reason: 'malformed percent-encoding in the path' };
    }
    if (decoded === '.' || decoded === '..') {
      return { ok: false, reason: 'dot segments are not allowed in the path' };
    }
    if (CONTROL.test(decoded)) return { ok: false, reason: 'control characters in the path' };
    segments.push(decoded);
  }
  const trailing = rawPath.length > 1 && rawPath.endsWith('/') && raw.length > 0 ? '/' : '';
  return { ok: true, path: '/' + raw.join('/') + trailing, search, segments };
}

/**
 * Reads account, server name, id and product from the path shapes of OpenAPI MCP servers:
 * `/accounts/<uid>/custom/<name>/id/<id>/<endpoint>`,
 * `/accounts/<uid>/system/<product>/<name>/id/<id>/<endpoint>`,
 * `/acs/mcp-server/<name>/<endpoint>`.
 */
export function parseServerPath(segments: readonly string[]): ServerPath {
  const empty: ServerPath = {
    segments,
    account: null,
    name: null,
    id: null,
    product: null,
    sourceType: null,
    endpoint: null,
  };
  const [a, b, c, d, e, f, g, h] = segments;
  if (a === 'acs' && b === 'mcp-server' && c !== undefined) {
    return { ...empty, name: c, sourceType: 'acs', endpoint: d ?? null };
  }
  if (a !== 'accounts' || b === undefined) return empty;
  if (c === 'custom' && d !== undefined && e === 'id' && f !== undefined) {
    return { ...empty, account: b, name: d, id: f, sourceType: 'custom', endpoint: g ?? null };
  }
  if (c === 'system' && d !== undefined && e !== undefined && f === 'id' && g !== undefined) {
    return {
      ...empty,
      account: b,
      product: d,
      name: e,
      id: g,
      sourceType: 'system',
      endpoint: h ?? null,
    };
  }
  return { ...empty, account: b };
}

/** Parses a comma-separated rule list; entries starting with `/` are whole-segment path prefixes. */
export function parseRuleList(list: string | readonly string[] | undefined): ServerRule[] {
  if (list === undefined) return [];
  const items = typeof list === 'string' ? list.split(',') : list.flatMap((l) => l.split(','));
  const rules: ServerRule[] = [];
  for (const item of items) {
    const value = item.trim();
    if (value === '') continue;
    if (value.startsWith('/')) {
      const segments = value.split('/').filter((s) => s !== '');
      rules.push({ kind: 'prefix', value, segments });
    } else {
      rules.push({ kind: 'name', value }, { kind: 'id', value });
    }
  }
  return dedupe(rules);
}

function dedupe(rules: readonly ServerRule[]): ServerRule[] {
  const seen = new Set<string>();
  return rules.filter((r) => {
    const key = `${r.kind}\u0000${r.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** True when the rule matches the server the path targets (prefixes match whole segments). */
export function ruleMatches(rule: ServerRule, server: ServerPath): boolean {
  switch (rule.kind) {
    case 'name':
      return server.name === rule.value;
    case 'id':
      return server.id === rule.value;
    case 'prefix':
      return (
        rule.segments.length <= server.segments.length &&
        rule.segments.every((s, i) => server.segments[i] === s)
      );
  }
}

/** Decides whether a request to `segments` may pass: blocked wins, then a non-empty allow list. */
export function decideServerAccess(
  segments: readonly string[],
  rules: ServerRules,
): AccessDecision {
  const server = parseServerPath(segments);
  const block = rules.blocked.find((r) => ruleMatches(r, server));
  if (block !== undefined) return { allowed: false, list: 'blocked', rule: block.value };
  if (rules.allowed.length === 0 || rules.allowed.some((r) => ruleMatches(r, server))) {
    return { allowed: true };
  }
  return { allowed: false, list: 'not-allowed', rule: null };
}

/** Builds the rules from the two comma-separated lists of the CLI or settings. */
export function buildServerRules(
  allowed: string | readonly string[] | undefined,
  blocked: string | readonly string[] | undefined,
): ServerRules {
  return { allowed: parseRuleList(allowed), blocked: parseRuleList(blocked) };
}
