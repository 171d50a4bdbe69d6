/** Error codes of a failed upstream connection, in words a user can act on. */
const CAUSES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the upstream',
  EPIPE: 'connection closed by the upstream',
  ENOTFOUND: 'DNS lookup failed (host not found)',
  EAI_AGAIN: 'DNS lookup failed (temporary failure: check the network)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_SOCKET: 'connection closed by the upstream',
  UND_ERR_CLOSED: 'the proxy is shutting down',
  UND_ERR_DESTROYED: 'the proxy is shutting down',
  EPROTO: 'TLS handshake failed',
  UPSTREAM_CLOSED: 'connection closed by the upstream',
  UPSTREAM_BAD_RESPONSE: 'the upstream sent a malformed HTTP answer',
  UPSTREAM_INVALID_REQUEST:
    'the request cannot be sent as HTTP/1.1 (a header holds a character HTTP does not allow)',
};

/** OpenSSL verification failures: the certificate chain is not trusted. */
const UNTRUSTED_CERT =
  /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_UNTRUSTED)$/;

function codeOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  return typeof error.code === 'string' ? error.code : null;
}

/** Names the cause of a failed upstream request in words (walks `cause` chains). */
export function describeUpstreamError(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    const code = codeOf(current);
    if (code !== null) {
      const known = CAUSES[code];
      if (known !== undefined) return known;
      if (UNTRUSTED_CERT.test(code)) {
        return `TLS certificate not trusted (${code}): if a private or corporate CA signs it, trust that CA with NODE_EXTRA_CA_CERTS`;
      }
      if (/^(ERR_SSL_|ERR_TLS_)|CERT|SELF_SIGNED/.test(code)) {
        return `TLS handshake failed (${code})`;
      }
    }
    current = typeof current === 'object' && 'cause' in current ? current.cause : undefined;
  }
  const code = codeOf(error);
  return code === null ? 'request failed' : `request failed (${code})`;
}

/** The message a client gets when the upstream cannot be reached. */
export function upstreamUnreachableMessage(upstreamOrigin: string, error: unknown): string {
  return `Cannot reach the MCP upstream ${upstreamOrigin}: ${describeUpstreamError(error)}`;
}
