import { describe, expect, it } from 'vitest';
import {
  TOOLTIP_LIMIT,
  trayIconState,
  trayIconVariant,
  type TrayBackdrop,
} from '../../electron/main/tray-icon-state';
import type { TrayIconVariant } from '../../electron/core/icons/icon-looks';
import { statusOf } from '../stand-ins/app-service';

describe('trayIconState', () => {
  it.each([
    [
      'signed in and healthy',
      statusOf(),
      'ready',
      'MCP Gate — signed in as 1234567890123456 on cn, proxy on 127.0.0.1:8088',
    ],
    [
      'signed out',
      statusOf({ session: 'signed-out', accountId: null, tray: 'signed-out' }),
      'signed-out',
      'MCP Gate — not signed in, proxy on 127.0.0.1:8088',
    ],
    [
      'signing in',
      statusOf({ session: 'signed-out', signInInProgress: true, tray: 'working' }),
      'working',
      'MCP Gate — signing in: finish in your browser',
    ],
    [
      'refreshing',
      statusOf({ session: 'refreshing', tray: 'working' }),
      'working',
      'MCP Gate — refreshing the sign-in, proxy on 127.0.0.1:8088',
    ],
    [
      'sign-in expired',
      statusOf({ session: 'expired', sessionError: 'invalid_grant', tray: 'attention' }),
      'attention',
      'MCP Gate — Sign-in expired: sign in again',
    ],
    [
      'refresh failed',
      statusOf({
        session: 'signed-in',
        sessionError: 'the token endpoint did not answer',
        tray: 'attention',
      }),
      'attention',
      'MCP Gate — Refresh failed: the token endpoint did not answer',
    ],
    [
      'port in use',
      statusOf({
        tray: 'attention',
        proxy: { state: 'failed', url: null, error: 'port 8088 is in use' },
      }),
      'attention',
      'MCP Gate — Proxy could not start: port 8088 is in use',
    ],
    [
      'proxy failed without words',
      statusOf({ tray: 'attention', proxy: { state: 'failed', url: null, error: null } }),
      'attention',
      'MCP Gate — Proxy could not start: cannot listen on 127.0.0.1:8088',
    ],
    [
      'proxy stopped on the international site',
      statusOf({ site: 'intl', accountId: null, proxy: { state: 'stopped', url: null } }),
      'ready',
      'MCP Gate — signed in on intl, proxy stopped',
    ],
    [
      'proxy starting',
      statusOf({ proxy: { state: 'starting', url: null } }),
      'ready',
      'MCP Gate — signed in as 1234567890123456 on cn, proxy starting on 127.0.0.1:8088',
    ],
  ] as const)('%s', (_name, status, icon, tooltip) => {
    expect(trayIconState(status)).toEqual({ icon, tooltip });
  });

  it(`keeps tooltips within ${TOOLTIP_LIMIT} characters`, () => {
    const status = statusOf({ proxy: { state: 'failed', url: null, error: 'e'.repeat(500) } });
    const { tooltip } = trayIconState(status);
    expect(tooltip.length).toBe(TOOLTIP_LIMIT);
    expect(tooltip.endsWith('…')).toBe(true);
  });
});

describe('trayIconVariant', () => {
  it.each<[Partial<TrayBackdrop>, TrayIconVariant]>([
    [{ platform: 'darwin', darkTheme: true }, 'template'],
    [{ platform: 'darwin', darkTheme: false }, 'template'],
    [{ platform: 'win32', darkTheme: false, darkSystemUi: true }, 'on-dark'],
    [{ platform: 'win32', darkTheme: true, darkSystemUi: false }, 'on-light'],
    [{ platform: 'linux', desktop: 'ubuntu:GNOME', darkTheme: false }, 'on-dark'],
    [{ platform: 'linux', desktop: 'GNOME', darkTheme: false }, 'on-dark'],
    [{ platform: 'linux', desktop: 'KDE', darkTheme: false }, 'on-light'],
    [{ platform: 'linux', desktop: 'KDE', darkTheme: true }, 'on-dark'],
    [{ platform: 'linux', desktop: '', darkTheme: false }, 'on-light'],
  ])('%j → %s', (backdrop, variant) => {
    expect(
      trayIconVariant({
        platform: 'linux',
        darkTheme: false,
        darkSystemUi: false,
        desktop: '',
        ...backdrop,
      }),
    ).toBe(variant);
  });
});
