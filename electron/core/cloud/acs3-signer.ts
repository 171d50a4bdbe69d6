import { createHash, createHmac } from 'node:crypto';

/** The signature algorithm name of Alibaba Cloud's V3 signature. */
export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

/** An AccessKey pair, with the security token when it is a temporary STS key. */
export interface AccessKeyCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

/** A request to sign: what goes on the wire, before the signature headers are added. */
export interface SignableRequest {
  readonly method: string;
  /** `host[:port]` exactly as the HTTP client will send it. */
  readonly host: string;
  /** The resource path, not yet encoded (`/` for RPC style). */
  readonly path: string;
  /** Query parameters, not yet encoded. */
  readonly query: Readonly<Record<string, string>>;
  /** Extra headers (e.g. `x-acs-action`, `x-acs-version`, `content-type`); names in any case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array;
}

/** The per-request values a signature depends on, passed in so that signing stays pure. */
export interface SignatureInputs {
  /** UTC time as `YYYY-MM-DDTHH:mm:ssZ` (see formatAcsDate). */
  readonly date: string;
  /** A unique random value per request. */
  readonly nonce: string;
}

/** A signed request: every header to send (lower-cased names) and the intermediate strings. */
export interface SignedRequest {
  readonly headers: Readonly<Record<string, string>>;
  /** The encoded path and query to put in the URL (`/path?query`). */
  readonly pathAndQuery: string;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signature: string;
}

const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;

/** Percent-encodes per RFC 3986 as the V3 signature wants: unreserved kept, everything else `%XX` of its UTF-8 bytes. */
export function percentEncode(value: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(value)) {
    const char = String.fromCharCode(byte);
    out += UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The canonical URI: each `/`-separated segment of the path percent-encoded. */
export function canonicalUri(path: string): string {
  if (path === '' || path === '/') return '/';
  return path
    .split('/')
    .map((segment) => percentEncode(segment))
    .join('/');
}

/** The canonical query string: names sorted, names and values percent-encoded, joined with `&`. */
export function canonicalQueryString(query: Readonly<Record<string, string>>): string {
  return Object.keys(query)
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(query[name] ?? '')}`)
    .join('&');
}

/** Lower-case hex SHA-256 of a UTF-8 string or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Formats a time the way `x-acs-date` wants it: ISO 8601 UTC without milliseconds. */
export function formatAcsDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** True for the headers the V3 signature covers: `host`, `content-type` and every `x-acs-*`. */
export function isSignedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'host' || lower === 'content-type' || lower.startsWith('x-acs-');
}

/** Builds the canonical request and the signed-header list from the final headers. */
export function buildCanonicalRequest(
  method: string,
  path: string,
  query: Readonly<Record<string, string>>,
  headers: Readonly<Record<string, string>>,
  payloadHash: string,
): { readonly canonicalRequest: string; readonly signedHeaders: string } {
  const signed = Object.entries(headers)
    .map(([name, value]) => [name.toLowerCase(), value.trim()] as const)
    .filter(([name]) => isSignedHeader(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const signedHeaders = signed.map(([name]) => name).join(';');
  const canonicalHeaders = signed.map(([name, value]) => `${name}:${value}\n`).join('');
  const canonicalRequest = [
    method.toUpperCase(),
    canonicalUri(path),
    canonicalQueryString(query),
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join('\n');
  return { canonicalRequest, signedHeaders };
}

/** The string to sign: the algorithm name and the hex SHA-256 of the canonical request. */
export function buildStringToSign(canonicalRequest: string): string {
  return `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

/** Signs a request with ACS3-HMAC-SHA256; adds `host`, the `x-acs-*` signature headers and `Authorization`. */
export function signRequest(
  request: SignableRequest,
  credentials: AccessKeyCredentials,
  inputs: SignatureInputs,
): SignedRequest {
  const payloadHash = sha256Hex(request.body);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  headers['host'] = request.host;
  headers['x-acs-date'] = inputs.date;
  headers['x-acs-signature-nonce'] = inputs.nonce;
  headers['x-acs-content-sha256'] = payloadHash;
  if (credentials.securityToken !== undefined && credentials.securityToken !== '') {
    headers['x-acs-security-token'] = credentials.securityToken;
  }
  const { canonicalRequest, signedHeaders } = buildCanonicalRequest(
    request.method,
    request.path,
    request.query,
    headers,
    payloadHash,
  );
  const stringToSign = buildStringToSign(canonicalRequest);
  const signature = createHmac('sha256', credentials.accessKeySecret)
    .update(stringToSign)
    .digest('hex');
  headers['authorization'] =
    `${ACS3_ALGORITHM} Credential=${credentials.accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`;
  const queryString = canonicalQueryString(request.query);
  const pathAndQuery = canonicalUri(request.path) + (queryString === '' ? '' : `?${queryString}`);
  return { headers, pathAndQuery, canonicalRequest, stringToSign, signature };
}
