import type { TrayIconVariant } from '../core/icons/icon-looks';
import type { AppStatus, TrayState } from '../../shared/ipc/views';
import { hostPort } from './tray-menu';

/** The tray icon's look and its tooltip in words. */
export interface TrayIconState {
  readonly icon: TrayState;
  readonly tooltip: string;
}

/** Windows cuts tray tooltips at 127 characters. */
export const TOOLTIP_LIMIT = 127;

/** The icon state and tooltip for an app status; the most pressing problem comes first. */
export function trayIconState(status: AppStatus): TrayIconState {
  return { icon: status.tray, tooltip: clip(`MCP Gate — ${describe(status)}`) };
}

/** What the desktop around the tray looks like, as the app can tell. */
export interface TrayBackdrop {
  readonly platform: string;
  /** nativeTheme.shouldUseDarkColors */
  readonly darkTheme: boolean;
  /** nativeTheme.shouldUseDarkColorsForSystemIntegratedUI (the Windows taskbar). */
  readonly darkSystemUi: boolean;
  /** XDG_CURRENT_DESKTOP on Linux, else ''. */
  readonly desktop: string;
}

/**
 * Which icon variant contrasts with the tray: a template image on macOS (the menu bar tints
 * it); on Windows the taskbar's own light/dark setting; on GNOME-like desktops the top bar is
 * dark whatever the theme; elsewhere the theme.
 */
export function trayIconVariant(backdrop: TrayBackdrop): TrayIconVariant {
  if (backdrop.platform === 'darwin') return 'template';
  if (backdrop.platform === 'win32') return backdrop.darkSystemUi ? 'on-dark' : 'on-light';
  if (/gnome|unity|ubuntu|pantheon|budgie/i.test(backdrop.desktop)) return 'on-dark';
  return backdrop.darkTheme ? 'on-dark' : 'on-light';
}

function describe(status: AppStatus): string {
  const where = hostPort(status.proxy.host, status.proxy.port);
  if (status.signInInProgress) return 'signing in: finish in your browser';
  if (status.proxy.state === 'failed') {
    return `Proxy could not start: ${status.proxy.error ?? `cannot listen on ${where}`}`;
  }
  if (status.session === 'expired') return 'Sign-in expired: sign in again';
  if (status.sessionError !== null) {
    return `Refresh failed: ${status.sessionError}`;
  }
  const proxy =
    status.proxy.state === 'running'
      ? `proxy on ${where}`
      : status.proxy.state === 'starting'
        ? `proxy starting on ${where}`
        : 'proxy stopped';
  switch (status.session) {
    case 'signed-out':
      return `not signed in, ${proxy}`;
    case 'refreshing':
      return `refreshing the sign-in, ${proxy}`;
    case 'signed-in': {
      const who = status.accountId === null ? 'signed in' : `signed in as ${status.accountId}`;
      return `${who} on ${status.site}, ${proxy}`;
    }
  }
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > TOOLTIP_LIMIT ? `${line.slice(0, TOOLTIP_LIMIT - 1)}…` : line;
}
