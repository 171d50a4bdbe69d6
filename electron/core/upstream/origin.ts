import { isIP } from 'node:net';

/** Where a client connects, and what it writes in `host`. */
export interface OriginTarget {
  /** The origin as URL normalises it, e.g. `https://example.com`. */
  readonly origin: string;
  readonly secure: boolean;
  /** The host to connect to (an IPv6 literal without brackets). */
  readonly host: string;
  readonly port: number;
  /** The `host` field: host and port, the scheme's default port left out. */
  readonly hostField: string;
  /** The TLS server name (SNI), or null for an IP literal. */
  readonly servername: string | null;
}

/** Parses `http://host:port` or `https://host:port`; throws a TypeError for anything else. */
export function parseOrigin(origin: string): OriginTarget {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new TypeError(`upstream origin ${JSON.stringify(origin)} is not a URL`);
  }
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') {
    throw new TypeError(`upstream origin ${origin} must start with http:// or https://`);
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '') {
    throw new TypeError(`upstream origin ${origin} must have no path, query or user`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    origin: url.origin,
    secure,
    host,
    port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
    hostField: url.host,
    servername: isIP(host) === 0 ? host : null,
  };
}
