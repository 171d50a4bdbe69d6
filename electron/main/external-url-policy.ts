const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_URL_LENGTH = 16_384;

/**
 * Whether a URL may be handed to the system browser: only https URLs on exactly the host (and
 * port) of the configured sign-in page, without user info. http is allowed only when the
 * configured authorize URL is itself http on a loopback host (a local test cloud).
 */
export function isAllowedExternalUrl(url: string, signInAuthorizeUrl: string): boolean {
  if (url.length > MAX_URL_LENGTH) return false;
  const target = parse(url);
  const signIn = parse(signInAuthorizeUrl);
  if (target === null || signIn === null) return false;
  if (target.username !== '' || target.password !== '') return false;
  if (target.hostname === '' || target.hostname !== signIn.hostname) return false;
  if (target.port !== signIn.port) return false;
  if (target.protocol === 'https:') return true;
  return (
    target.protocol === 'http:' &&
    signIn.protocol === 'http:' &&
    LOOPBACK_HOSTS.has(signIn.hostname)
  );
}

/** The URL in its normalised form, as it would be opened, or null when it does not parse. */
export function normalizeUrl(url: string): string | null {
  return parse(url)?.href ?? null;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
