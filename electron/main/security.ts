import { app, session as sessions, type Session, type WebContents } from 'electron';
import { UserError } from '../core/errors';
import { withContentSecurityPolicy } from './content-security-policy';
import { isAllowedExternalUrl, normalizeUrl } from './external-url-policy';
import { isPermissionGranted } from './permission-policy';
import { isAllowedNavigation } from './renderer-url-policy';

/** What the security wiring needs to know about the app. */
export interface SecurityPolicy {
  /** The file URL of the app's renderer page. */
  readonly rendererUrl: string;
  /** Opens a URL in the browser through the sign-in host guard; rejects any other URL. */
  readonly openExternal: (url: string) => Promise<void>;
  readonly onRefused?: (what: string, url: string) => void;
}

/**
 * Applies the policy app-wide: the default session locked down, and every webContents
 * (the settings window, DevTools, anything else) hardened as it is created.
 */
export function installSecurity(policy: SecurityPolicy): void {
  hardenSession(sessions.defaultSession, policy);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, policy));
}

/**
 * Locks down a session: web permissions denied (clipboard writes by our own page excepted),
 * and the Content-Security-Policy header added to every response.
 */
export function hardenSession(session: Session, policy: SecurityPolicy): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const granted = isPermissionGranted(
      permission,
      details.requestingUrl || contents.getURL(),
      policy.rendererUrl,
    );
    if (!granted) policy.onRefused?.(`permission ${permission}`, details.requestingUrl);
    callback(granted);
  });
  session.setPermissionCheckHandler((contents, permission, _origin, details) =>
    isPermissionGranted(
      permission,
      details.requestingUrl ?? contents?.getURL(),
      policy.rendererUrl,
    ),
  );
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
}

/**
 * Locks down one webContents: navigation and redirects away from the app's page are
 * prevented, webviews refused, and window.open denied (a sign-in page URL goes to the browser).
 */
export function hardenWebContents(contents: WebContents, policy: SecurityPolicy): void {
  contents.on('will-navigate', (event) => {
    if (isAllowedNavigation(event.url, policy.rendererUrl)) return;
    event.preventDefault();
    policy.onRefused?.('navigation', event.url);
  });
  contents.on('will-redirect', (event) => {
    if (isAllowedNavigation(event.url, policy.rendererUrl)) return;
    event.preventDefault();
    policy.onRefused?.('redirect', event.url);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    policy.onRefused?.('webview', '');
  });
  contents.setWindowOpenHandler(({ url }) => {
    policy.openExternal(url).catch(() => policy.onRefused?.('window.open', url));
    return { action: 'deny' };
  });
}

/**
 * openExternal behind the sign-in host guard: only https URLs of a configured sign-in host
 * (see isAllowedExternalUrl) reach the browser; anything else is refused with a UserError.
 */
export function guardOpenExternal(
  signInAuthorizeUrls: () => readonly string[],
  open: (url: string) => Promise<void>,
): (url: string) => Promise<void> {
  return async (url) => {
    const normalized = normalizeUrl(url);
    const allowed =
      normalized !== null &&
      signInAuthorizeUrls().some((authorizeUrl) => isAllowedExternalUrl(url, authorizeUrl));
    if (!allowed || normalized === null) {
      throw new UserError(
        'external-url-refused',
        `MCP Gate opens only the sign-in page of the configured Alibaba Cloud site in the browser; refused ${describeUrl(url)}.`,
      );
    }
    await open(normalized);
  };
}

function describeUrl(url: string): string {
  const parsed = normalizeUrl(url);
  if (parsed === null) return 'a malformed URL';
  const { protocol, host } = new URL(parsed);
  return host === '' ? `a ${protocol} URL` : `${protocol}//${host}`;
}
