/** Header values as Node and undici present them: lower-case names, repeated headers as arrays. */
export type HeaderRecord = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Headers ready to send: lower-case names, no undefined values. */
export type OutgoingHeaders = Record<string, string | string[]>;

/** Connection-specific header names that never cross a proxy (RFC 9110 §7.6.1). */
export const HOP_BY_HOP_HEADERS: readonly string[] = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

/**
 * Client headers never sent upstream: credentials meant for the proxy or for other sites,
 * the local Host, `Expect` (answered locally), and `Accept-Encoding` (the proxy asks the
 * upstream for identity encoding so that SSE can be read and flushed event by event).
 */
export const CLIENT_ONLY_HEADERS: readonly string[] = [
  'authorization',
  'cookie',
  'x-mcp-gate-key',
  'host',
  'expect',
  'accept-encoding',
];

/** Upstream headers never returned to the client: they point it at the cloud's sign-in or cookies. */
export const UPSTREAM_ONLY_HEADERS: readonly string[] = ['www-authenticate', 'set-cookie'];

/** The header names listed in `Connection` (lower-case), which are hop-by-hop too. */
export function connectionListedHeaders(
  connection: string | readonly string[] | undefined,
): string[] {
  if (connection === undefined) return [];
  const values = typeof connection === 'string' ? [connection] : connection;
  return values
    .flatMap((v) => v.split(','))
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
}

/** Copies `headers` without the hop-by-hop ones, those listed in `Connection`, and `drop`. */
export function withoutHeaders(headers: HeaderRecord, drop: readonly string[]): OutgoingHeaders {
  return copyWithout(headers, new Set([...HOP_BY_HOP_HEADERS, ...drop]));
}

/** Names never sent upstream, as one set built once (not once per request). */
const NOT_UPSTREAM: ReadonlySet<string> = new Set([...HOP_BY_HOP_HEADERS, ...CLIENT_ONLY_HEADERS]);
/** Names never returned to the client, built once. */
const NOT_TO_CLIENT: ReadonlySet<string> = new Set([
  ...HOP_BY_HOP_HEADERS,
  ...UPSTREAM_ONLY_HEADERS,
]);

function copyWithout(headers: HeaderRecord, removed: ReadonlySet<string>): OutgoingHeaders {
  const listed = connectionListedHeaders(headers['connection']);
  const out: OutgoingHeaders = {};
  for (const rawName of Object.keys(headers)) {
    const value = headers[rawName];
    const name = rawName.toLowerCase();
    if (value === undefined || removed.has(name) || listed.includes(name)) continue;
    out[name] = typeof value === 'string' ? value : [...value];
  }
  return out;
}

/** The headers to send upstream for a client request, carrying the proxy's access token. */
export function upstreamRequestHeaders(client: HeaderRecord, accessToken: string): OutgoingHeaders {
  const out = copyWithout(client, NOT_UPSTREAM);
  out['accept-encoding'] = 'identity';
  out['authorization'] = `Bearer ${accessToken}`;
  return out;
}

/** True when a response's `Content-Type` is a server-sent event stream. */
export function isEventStream(contentType: string | readonly string[] | undefined): boolean {
  const value = typeof contentType === 'string' ? contentType : contentType?.[0];
  return value?.split(';')[0]?.trim().toLowerCase() === 'text/event-stream';
}

/**
 * The headers to return to the client for an upstream response; event streams lose their
 * length and gain headers that stop any cache or reverse proxy from buffering them.
 */
export function clientResponseHeaders(upstream: HeaderRecord): OutgoingHeaders {
  const out = copyWithout(upstream, NOT_TO_CLIENT);
  if (isEventStream(upstream['content-type'])) {
    delete out['content-length'];
    out['cache-control'] = 'no-cache, no-transform';
    out['x-accel-buffering'] = 'no';
  }
  return out;
}
