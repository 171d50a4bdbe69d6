import type { AppStatus, ProxyView, SessionState } from '../../../shared/ipc/views';
import type { SiteName } from '../../../shared/sites';

/** The site's name as the user knows it. */
export function siteLabel(site: SiteName): string {
  if (site === 'cn') return 'China site (cn)';
  if (site === 'intl') return 'International site (intl)';
  return 'Custom endpoints';
}

/** One word or two for a session state. */
export function sessionLabel(session: SessionState): string {
  switch (session) {
    case 'signed-in':
      return 'Signed in';
    case 'signed-out':
      return 'Signed out';
    case 'refreshing':
      return 'Refreshing sign-in';
    case 'expired':
      return 'Sign-in expired';
  }
}

/** The account half of the header line. */
export function describeAccount(status: AppStatus): string {
  if (status.signInInProgress) return 'Signing in — waiting for you in the browser…';
  const who = status.accountId === null ? '' : ` as ${status.accountId}`;
  if (status.session === 'signed-in' || status.session === 'refreshing') {
    return `${sessionLabel(status.session)}${who}`;
  }
  if (status.session === 'expired') return 'Sign-in expired — sign in again on the Account page';
  return 'Signed out';
}

/** The proxy half of the header line. */
export function describeProxy(proxy: ProxyView): string {
  switch (proxy.state) {
    case 'running':
      return `Proxy on ${proxy.url ?? `${proxy.host}:${proxy.port}`}`;
    case 'starting':
      return `Proxy starting on ${proxy.host}:${proxy.port}…`;
    case 'stopped':
      return 'Proxy stopped';
    case 'failed':
      return `Proxy failed${proxy.error === null ? '' : `: ${proxy.error}`}`;
  }
}
