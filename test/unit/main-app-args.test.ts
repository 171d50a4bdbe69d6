import { describe, expect, it } from 'vitest';
import {
  appAutostartCommand,
  appBridgeCommand,
  parseLaunch,
  type AppLocation,
  type LaunchRequest,
} from '../../electron/main/app-args';
import { autostartDesktopEntry, quoteExecArgument } from '../../electron/main/autostart-entry';
import { buildEntry } from '../../shared/clients';

const EXE = '/Applications/MCP Gate.app/Contents/MacOS/MCP Gate';
const URL_ = 'http://127.0.0.1:8088/accounts/1/custom/s/id/i/mcp';

describe('parseLaunch', () => {
  it.each<[readonly string[], LaunchRequest]>([
    [[EXE], { mode: 'app', autostart: false }],
    [[EXE, '--autostart'], { mode: 'app', autostart: true }],
    [['/usr/bin/electron', '/work/app', '--autostart'], { mode: 'app', autostart: true }],
    [[EXE, '--mcp-gate-bridge', 'bridge', URL_], { mode: 'bridge', url: URL_ }],
    [[EXE, '--mcp-gate-bridge', URL_], { mode: 'bridge', url: URL_ }],
    [
      ['/usr/bin/electron', '/work/app', '--mcp-gate-bridge', 'bridge', URL_],
      { mode: 'bridge', url: URL_ },
    ],
    [
      [EXE, '--no-sandbox', '--mcp-gate-bridge', '--enable-logging', 'bridge', URL_],
      { mode: 'bridge', url: URL_ },
    ],
    [[EXE, '--mcp-gate-bridge'], expect.objectContaining({ mode: 'invalid' }) as LaunchRequest],
    [
      [EXE, '--mcp-gate-bridge', 'bridge'],
      expect.objectContaining({ mode: 'invalid' }) as LaunchRequest,
    ],
    [
      [EXE, '--mcp-gate-bridge', 'bridge', 'file:///etc/passwd'],
      expect.objectContaining({ mode: 'invalid' }) as LaunchRequest,
    ],
  ])('%j → %j', (argv, expected) => {
    expect(parseLaunch(argv)).toEqual(expected);
  });
});

describe('appBridgeCommand', () => {
  it.each<[string, AppLocation, readonly string[]]>([
    [
      'packaged macOS app',
      { execPath: EXE, isPackaged: true, appPath: '/x/app.asar', appImage: undefined },
      [EXE, '--mcp-gate-bridge', 'bridge', URL_],
    ],
    [
      'AppImage (the mount point goes away; the file stays)',
      {
        execPath: '/tmp/.mount_MCPGat1/mcp-gate',
        isPackaged: true,
        appPath: '/tmp/.mount_MCPGat1/resources/app.asar',
        appImage: '/home/u/Apps/MCP-Gate.AppImage',
      },
      ['/home/u/Apps/MCP-Gate.AppImage', '--mcp-gate-bridge', 'bridge', URL_],
    ],
    [
      'from source (npm start)',
      {
        execPath: '/work/node_modules/electron/dist/electron',
        isPackaged: false,
        appPath: '/work',
        appImage: '/ignored',
      },
      ['/work/node_modules/electron/dist/electron', '/work', '--mcp-gate-bridge', 'bridge', URL_],
    ],
  ])('%s: Claude Desktop runs the app in bridge mode', (_name, location, commandLine) => {
    const entry = buildEntry('claude-desktop', {
      url: URL_,
      sseUrl: URL_,
      key: 'k',
      port: 8088,
      bridge: appBridgeCommand(location),
    }) as { command: string; args: string[] };
    expect([entry.command, ...entry.args]).toEqual(commandLine);
    expect(parseLaunch(commandLine)).toEqual({ mode: 'bridge', url: URL_ });
  });

  it('starts at login with --autostart', () => {
    const location = { execPath: EXE, isPackaged: true, appPath: '/x', appImage: undefined };
    const command = appAutostartCommand(location);
    expect(command).toEqual({ command: EXE, args: ['--autostart'] });
    expect(parseLaunch([command.command, ...command.args])).toEqual({
      mode: 'app',
      autostart: true,
    });
  });
});

describe('autostart desktop entry', () => {
  it.each([
    ['/usr/bin/mcp-gate', '/usr/bin/mcp-gate'],
    ['/opt/MCP Gate/mcp-gate', '"/opt/MCP Gate/mcp-gate"'],
    ['--autostart', '--autostart'],
    ['100%', '100%%'],
    ['a"b', '"a\\\\"b"'],
    ['$HOME', '"\\\\$HOME"'],
    ['back\\slash', '"back\\\\\\\\slash"'],
  ])('quotes %s as %s', (argument, expected) => {
    expect(quoteExecArgument(argument)).toBe(expected);
  });

  it('writes a desktop entry that runs the app with --autostart', () => {
    expect(
      autostartDesktopEntry({ command: '/opt/MCP Gate/mcp-gate', args: ['--autostart'] }),
    ).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Name=MCP Gate',
        'Comment=Alibaba Cloud MCP servers for local AI clients',
        'Exec="/opt/MCP Gate/mcp-gate" --autostart',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    );
  });
});
