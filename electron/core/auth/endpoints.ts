import { SITES } from '../../../shared/sites';
import { UserError } from '../errors';
import { defaultFetch, readBodyText, type FetchFn } from './http-fetch';
import { isLoopbackHostname } from './loopback';
import type { OAuthEndpoints } from './types';

/** Endpoint flags a user may pass; `undefined` means "not given". */
export interface EndpointOverrides {
  readonly authorizeUrl?: string | undefined;
  readonly tokenUrl?: string | undefined;
  readonly revokeUrl?: string | undefined;
  readonly upstreamUrl?: string | undefined;
}

/** Which OAuth endpoint a value is for. */
export type OAuthEndpointName = 'authorizeUrl' | 'tokenUrl' | 'revokeUrl';

/** The endpoints in force for a profile, and which of them the user set explicitly. */
export interface ResolvedEndpoints extends OAuthEndpoints {
  readonly upstreamUrl: string;
  /** Endpoints given by flags: authorization-server metadata never replaces these. */
  readonly explicit: readonly OAuthEndpointName[];
}

/** Endpoints read from authorization-server metadata (only the valid ones). */
export type DiscoveredEndpoints = Partial<Record<OAuthEndpointName, string>>;

const FLAGS: Readonly<Record<keyof EndpointOverrides, string>> = {
  authorizeUrl: '--authorize-url',
  tokenUrl: '--token-url',
  revokeUrl: '--revoke-url',
  upstreamUrl: '--upstream-url',
};

const OAUTH_NAMES: readonly OAuthEndpointName[] = ['authorizeUrl', 'tokenUrl', 'revokeUrl'];

/**
 * Why `value` is not usable as an endpoint, or null when it is: absolute http(s) URL, no user
 * info, no fragment, and plain http only for loopback hosts (tokens must never cross a network
 * in clear text, so there is deliberately no way to allow http to another host).
 */
export function endpointUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a valid absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https URL';
  if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) {
    return 'must use https (plain http is allowed only for 127.0.0.1, [::1] or localhost)';
  }
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  if (url.hash !== '') return 'must not contain a #fragment';
  return null;
}

function checkFlag(name: keyof EndpointOverrides, value: string): string {
  const problem = endpointUrlProblem(value);
  if (problem !== null) throw new UserError('invalid-endpoint', `${FLAGS[name]} ${problem}.`);
  return value;
}

function given(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/** The endpoints of `site` (`cn`, `intl` or `custom`) with the user's flags applied; throws UserError on bad input. */
export function resolveEndpoints(input: {
  readonly site: string;
  readonly overrides?: EndpointOverrides;
}): ResolvedEndpoints {
  const overrides = input.overrides ?? {};
  const explicit = OAUTH_NAMES.filter((name) => given(overrides[name]));
  const pick = (name: keyof EndpointOverrides, fallback: string): string => {
    const value = overrides[name];
    return given(value) ? checkFlag(name, value.trim()) : fallback;
  };

  if (input.site === 'cn' || input.site === 'intl') {
    const table = SITES[input.site];
    return {
      authorizeUrl: pick('authorizeUrl', table.authorizeUrl),
      tokenUrl: pick('tokenUrl', table.tokenUrl),
      revokeUrl: pick('revokeUrl', table.revokeUrl),
      upstreamUrl: pick('upstreamUrl', table.upstreamUrl),
      explicit,
    };
  }
  if (input.site === 'custom') {
    const required = ['authorizeUrl', 'tokenUrl', 'upstreamUrl'] as const;
    const missing = required.filter((name) => !given(overrides[name])).map((name) => FLAGS[name]);
    if (missing.length > 0) {
      throw new UserError(
        'custom-site-incomplete',
        `--site custom needs --authorize-url, --token-url and --upstream-url (missing: ${missing.join(', ')}).`,
      );
    }
    const revoke = overrides.revokeUrl;
    return {
      authorizeUrl: pick('authorizeUrl', ''),
      tokenUrl: pick('tokenUrl', ''),
      revokeUrl: given(revoke) ? checkFlag('revokeUrl', revoke.trim()) : null,
      upstreamUrl: pick('upstreamUrl', ''),
      explicit,
    };
  }
  throw new UserError('invalid-site', '--site must be cn, intl or custom.');
}

const METADATA_FIELDS: ReadonlyArray<readonly [string, OAuthEndpointName]> = [
  ['authorization_endpoint', 'authorizeUrl'],
  ['token_endpoint', 'tokenUrl'],
  ['revocation_endpoint', 'revokeUrl'],
];

function parseMetadata(text: string, origin: string): DiscoveredEndpoints | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const record = json as Record<string, unknown>;
  // RFC 8414 §3.3: metadata naming another issuer must not be used (mix-up protection).
  const issuer = record['issuer'];
  if (issuer !== undefined) {
    if (typeof issuer !== 'string' || endpointUrlProblem(issuer) !== null) return null;
    if (new URL(issuer).origin !== origin) return null;
  }
  const found: DiscoveredEndpoints = {};
  for (const [field, name] of METADATA_FIELDS) {
    const value = record[field];
    if (typeof value === 'string' && endpointUrlProblem(value) === null) found[name] = value;
  }
  return Object.keys(found).length > 0 ? found : null;
}

/**
 * Reads the authorization server's metadata at the token URL's origin
 * (`/.well-known/openid-configuration`, then `/.well-known/oauth-authorization-server`).
 * Returns null on any failure; never throws.
 */
export async function discoverMetadata(
  tokenUrl: string,
  fetch: FetchFn = defaultFetch,
  timeoutMs = 5_000,
): Promise<DiscoveredEndpoints | null> {
  let origin: string;
  try {
    origin = new URL(tokenUrl).origin;
  } catch {
    return null;
  }
  for (const path of [
    '/.well-known/openid-configuration',
    '/.well-known/oauth-authorization-server',
  ]) {
    try {
      const response = await fetch(origin + path, {
        method: 'GET',
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
      const text = await readBodyText(response, 64 * 1024);
      if (response.status !== 200) continue;
      const found = parseMetadata(text, origin);
      if (found !== null) return found;
    } catch {
      // Unreachable, slow or malformed metadata: the table stays in force.
    }
  }
  return null;
}

/** `resolved` with discovered metadata applied: metadata beats the table, explicit flags beat metadata. */
export function applyMetadata(
  resolved: ResolvedEndpoints,
  discovered: DiscoveredEndpoints | null,
): ResolvedEndpoints {
  if (discovered === null) return resolved;
  const take = (name: OAuthEndpointName): string | undefined =>
    resolved.explicit.includes(name) ? undefined : discovered[name];
  return {
    ...resolved,
    authorizeUrl: take('authorizeUrl') ?? resolved.authorizeUrl,
    tokenUrl: take('tokenUrl') ?? resolved.tokenUrl,
    revokeUrl: take('revokeUrl') ?? resolved.revokeUrl,
  };
}
