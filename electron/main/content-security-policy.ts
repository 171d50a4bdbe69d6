/**
 * The settings window's Content-Security-Policy, sent as a response header as a second layer
 * behind the page's own meta tag: scripts and styles only from the app's files, no network
 * (the page talks only through the preload's contract object), no frames, forms or plugins.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "worker-src 'none'",
].join('; ');

/** Response headers with the policy set (any policy the response carried is replaced). */
export function withContentSecurityPolicy(
  headers: Readonly<Record<string, readonly string[]>> | undefined,
): Record<string, string[]> {
  const kept = Object.entries(headers ?? {}).filter(
    ([name]) => name.toLowerCase() !== 'content-security-policy',
  );
  return {
    ...Object.fromEntries(kept.map(([name, values]) => [name, [...values]])),
    'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
  };
}
