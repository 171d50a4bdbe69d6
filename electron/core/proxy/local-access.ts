import { isIPv4, isIPv6 } from 'node:net';

/** Whether a local request may proceed, or why it is refused. */
export type LocalAccessDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

const PORT = /^[0-9]{1,5}$/;

/** Splits a `Host` header into host name and port; null when it is malformed. */
export function splitHostHeader(
  host: string,
): { readonly name: string; readonly port: string | null } | null {
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close === -1) return null;
    const rest = host.slice(close + 1);
    if (rest !== '' && !(rest.startsWith(':') && PORT.test(rest.slice(1)))) return null;
    return { name: host.slice(0, close + 1), port: rest === '' ? null : rest.slice(1) };
  }
  const colon = host.lastIndexOf(':');
  if (colon === -1) return { name: host, port: null };
  const port = host.slice(colon + 1);
  if (!PORT.test(port)) return null;
  return { name: host.slice(0, colon), port };
}

/**
 * Accepts only a `Host` that cannot come from DNS rebinding: an IPv4 literal, a bracketed
 * IPv6 literal or exactly `localhost`, each with an optional port.
 */
export function checkHost(host: string | undefined): LocalAccessDecision {
  if (host === undefined || host === '') return { allowed: false, reason: 'missing Host header' };
  const split = splitHostHeader(host);
  if (split !== null) {
    const { name } = split;
    if (name.toLowerCase() === 'localhost' || isIPv4(name)) return { allowed: true };
    if (name.startsWith('[') && name.endsWith(']') && isIPv6(name.slice(1, -1))) {
      return { allowed: true };
    }
  }
  return {
    allowed: false,
    reason: 'Host must be localhost or an IP address (DNS rebinding protection)',
  };
}

/** Accepts requests without `Origin` (non-browser clients) and browser origins on the allow list. */
export function checkOrigin(
  origin: string | undefined,
  allowedOrigins: readonly string[],
): LocalAccessDecision {
  if (origin === undefined) return { allowed: true };
  if (allowedOrigins.includes(origin)) return { allowed: true };
  return {
    allowed: false,
    reason: 'requests from web pages are refused unless their origin is in the allowed origins',
  };
}

/** True when `checkHost` accepts the `Host` header. */
export function isAllowedHost(host: string | undefined): boolean {
  return checkHost(host).allowed;
}
