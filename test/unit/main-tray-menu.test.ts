import { describe, expect, it } from 'vitest';
import {
  buildTrayMenu,
  hostPort,
  TRAY_SERVER_LIMIT,
  type TrayAction,
  type TrayMenuItem,
  type TrayMenuState,
} from '../../electron/main/tray-menu';
import { clientOf, serverOf, serversOf, statusOf } from '../stand-ins/app-service';
import { must } from '../stand-ins/must';

/** The menu as lines: `-` a disabled line, `[x]`/`[ ]` checkboxes, `>` submenus, `---` separators. */
function outline(items: readonly TrayMenuItem[], indent = ''): string[] {
  return items.flatMap((item): string[] => {
    switch (item.type) {
      case 'separator':
        return [`${indent}---`];
      case 'submenu':
        return [`${indent}${item.label} >`, ...outline(item.items, `${indent}  `)];
      case 'checkbox':
        return [`${indent}[${item.checked ? 'x' : ' '}] ${item.label}`];
      case 'normal':
        return [`${indent}${item.enabled ? '' : '- '}${item.label}`];
    }
  });
}

function actionOf(items: readonly TrayMenuItem[], label: string): TrayAction | null {
  for (const item of items) {
    if (item.type === 'submenu') {
      const inner = actionOf(item.items, label);
      if (inner !== null) return inner;
    } else if (item.type !== 'separator' && item.label === label) {
      return item.action;
    }
  }
  return null;
}

const base: TrayMenuState = {
  status: statusOf(),
  servers: serversOf([
    serverOf('ecs-ops'),
    serverOf('rds-admin', 'blocked'),
    serverOf('oss', 'not-allowed'),
  ]),
  clients: [
    clientOf('cursor', 'Cursor', 'not-configured'),
    clientOf('cline', 'Cline', 'configured'),
    clientOf('vscode', 'VS Code', 'out-of-date'),
    clientOf('windsurf', 'Windsurf', 'not-configured', false),
  ],
  startAtLogin: true,
};

const tail = ['---', 'Copy proxy URL', 'Settings…', '[x] Start at login', '---', 'Quit MCP Gate'];
const serversMenu = [
  'Servers >',
  '  [x] ecs-ops',
  '  [ ] rds-admin (blocked)',
  '  [ ] oss',
  '  ---',
  '  Manage servers…',
  'Configure clients >',
  '  Cursor: configure',
  '  - Cline: up to date',
  '  VS Code: update',
  '  ---',
  '  More in Settings…',
];

describe('buildTrayMenu', () => {
  it.each<[string, TrayMenuState, readonly string[]]>([
    [
      'signed in and healthy',
      base,
      [
        '- Signed in as 1234567890123456 · China site',
        'Sign out',
        '---',
        '- Proxy running on 127.0.0.1:8088',
        'Stop proxy',
        '---',
        ...serversMenu,
        ...tail,
      ],
    ],
    [
      'signed out, proxy stopped',
      {
        ...base,
        status: statusOf({
          session: 'signed-out',
          accountId: null,
          tray: 'signed-out',
          site: 'intl',
          proxy: { state: 'stopped', url: null },
        }),
      },
      [
        '- Not signed in · International site',
        'Sign in…',
        '---',
        '- Proxy stopped (127.0.0.1:8088)',
        'Start proxy',
        '---',
        ...serversMenu,
        '---',
        '- Copy proxy URL',
        ...tail.slice(2),
      ],
    ],
    [
      'working: sign-in in flight',
      {
        ...base,
        status: statusOf({
          session: 'signed-out',
          accountId: null,
          signInInProgress: true,
          authorizationUrl: 'https://signin.aliyun.com/oauth2/v1/auth?x=1',
          tray: 'working',
        }),
      },
      [
        '- Not signed in · China site',
        '- Signing in… finish in your browser',
        'Open the sign-in page again',
        'Cancel sign-in',
        '---',
        '- Proxy running on 127.0.0.1:8088',
        'Stop proxy',
        '---',
        ...serversMenu,
        ...tail,
      ],
    ],
    [
      'attention: sign-in expired',
      {
        ...base,
        status: statusOf({
          session: 'expired',
          sessionError: 'Alibaba Cloud no longer accepts this sign-in: sign in again.',
          tray: 'attention',
        }),
      },
      [
        '- Sign-in expired as 1234567890123456 · China site',
        '- Alibaba Cloud no longer accepts this sign-in: sign in again.',
        'Sign in…',
        '---',
        '- Proxy running on 127.0.0.1:8088',
        'Stop proxy',
        '---',
        ...serversMenu,
        ...tail,
      ],
    ],
    [
      'attention: port in use, other profile, refreshing',
      {
        ...base,
        startAtLogin: false,
        status: statusOf({
          profile: 'work',
          session: 'refreshing',
          tray: 'attention',
          proxy: {
            state: 'failed',
            url: null,
            error: 'Port 8088 is in use: quit the other program.',
          },
        }),
      },
      [
        '- work: Signed in as 1234567890123456 · China site · refreshing…',
        'Sign out',
        '---',
        '- Proxy not running: Port 8088 is in use: quit the other program.',
        'Start proxy',
        '---',
        ...serversMenu,
        '---',
        '- Copy proxy URL',
        'Settings…',
        '[ ] Start at login',
        '---',
        'Quit MCP Gate',
      ],
    ],
  ])('%s', (_name, state, expected) => {
    expect(outline(buildTrayMenu(state))).toEqual(expected);
  });

  it.each<[string, TrayMenuState['servers'], TrayMenuState['clients'], readonly string[]]>([
    [
      'before the first listing',
      null,
      [],
      [
        'Servers >',
        '  - Reading the server list…',
        '  ---',
        '  Manage servers…',
        'Configure clients >',
        '  - No AI clients found on this computer',
        '  ---',
        '  More in Settings…',
      ],
    ],
    [
      'no servers, a listing error, unreadable and paste-only clients',
      serversOf([], 'ListApiMcpServers failed: no AccessKey'),
      [clientOf('cursor', 'Cursor', 'unreadable'), clientOf('dify', 'Dify', 'not-applicable')],
      [
        'Servers >',
        '  - No servers yet: add or list them in Settings',
        '  - Could not list servers: ListApiMcpServers failed: no AccessKey',
        '  ---',
        '  Manage servers…',
        'Configure clients >',
        '  Cursor: config file has an error…',
        '  Dify: set up in Settings…',
        '  ---',
        '  More in Settings…',
      ],
    ],
  ])('submenus %s', (_name, servers, clients, expected) => {
    const lines = outline(buildTrayMenu({ ...base, servers, clients }));
    const from = lines.indexOf('Servers >');
    expect(lines.slice(from, from + expected.length)).toEqual(expected);
  });

  it.each<[string, TrayAction | null]>([
    ['Sign out', { kind: 'sign-out' }],
    ['Stop proxy', { kind: 'proxy-stop' }],
    ['ecs-ops', { kind: 'server-allow', name: 'ecs-ops', allowed: false }],
    ['rds-admin (blocked)', { kind: 'server-allow', name: 'rds-admin', allowed: true }],
    ['oss', { kind: 'server-allow', name: 'oss', allowed: true }],
    ['Cursor: configure', { kind: 'client-configure', id: 'cursor' }],
    ['VS Code: update', { kind: 'client-configure', id: 'vscode' }],
    ['Cline: up to date', null],
    ['Manage servers…', { kind: 'open-settings', page: 'servers' }],
    ['More in Settings…', { kind: 'open-settings', page: 'clients' }],
    ['Copy proxy URL', { kind: 'copy-proxy-url', url: 'http://127.0.0.1:8088' }],
    ['Settings…', { kind: 'open-settings', page: null }],
    ['Start at login', { kind: 'start-at-login', enabled: false }],
    ['Quit MCP Gate', { kind: 'quit' }],
  ])('"%s" does %j', (label, action) => {
    expect(actionOf(buildTrayMenu(base), label)).toEqual(action);
  });

  it('routes the sign-in items of every session state', () => {
    const signedOut = buildTrayMenu({ ...base, status: statusOf({ session: 'signed-out' }) });
    expect(actionOf(signedOut, 'Sign in…')).toEqual({ kind: 'sign-in' });
    const inFlight = buildTrayMenu({
      ...base,
      status: statusOf({ signInInProgress: true, authorizationUrl: 'https://signin.aliyun.com/a' }),
    });
    expect(actionOf(inFlight, 'Open the sign-in page again')).toEqual({
      kind: 'open-sign-in-page',
      url: 'https://signin.aliyun.com/a',
    });
    expect(actionOf(inFlight, 'Cancel sign-in')).toEqual({ kind: 'cancel-sign-in' });
  });

  it(`lists at most ${TRAY_SERVER_LIMIT} servers and says how many more there are`, () => {
    const many = Array.from({ length: TRAY_SERVER_LIMIT + 5 }, (_, i) => serverOf(`s${i}`));
    const lines = outline(buildTrayMenu({ ...base, servers: serversOf(many) }));
    expect(lines.filter((line) => line.startsWith('  [x] s'))).toHaveLength(TRAY_SERVER_LIMIT);
    expect(lines).toContain('  - 5 more in Settings');
  });

  it('clips long lines for the menu', () => {
    const long = 'x'.repeat(300);
    const lines = outline(
      buildTrayMenu({
        ...base,
        status: statusOf({ proxy: { state: 'failed', url: null, error: long } }),
      }),
    );
    const line = must(lines.find((l) => l.startsWith('- Proxy not running')));
    expect(line.length).toBeLessThanOrEqual(2 + 72);
    expect(line.endsWith('…')).toBe(true);
  });

  it.each([
    ['127.0.0.1', 8088, '127.0.0.1:8088'],
    ['::1', 9000, '[::1]:9000'],
    ['localhost', 1, 'localhost:1'],
  ])('hostPort(%s, %i) is %s', (host, port, expected) => {
    expect(hostPort(host, port)).toBe(expected);
  });
});
