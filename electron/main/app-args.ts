import type { BridgeCommand } from '../../shared/clients';

/**
 * The switch that makes the app executable run the stdio bridge instead of the tray app:
 * `<MCP Gate executable> --mcp-gate-bridge bridge <proxy URL>` (Claude Desktop's entry).
 * The packaged app cannot run as plain Node (the runAsNode fuse is off), so the bridge runs
 * in the main process, before any single-instance lock, window or tray.
 */
export const BRIDGE_SWITCH = '--mcp-gate-bridge';

/** Passed by the login item, so a start at login stays in the tray without opening a window. */
export const AUTOSTART_SWITCH = '--autostart';

/** What the command line asks for. */
export type LaunchRequest =
  | { readonly mode: 'app'; readonly autostart: boolean }
  | { readonly mode: 'bridge'; readonly url: string }
  | { readonly mode: 'invalid'; readonly message: string };

/** Reads the app's command line (`process.argv`, Chromium switches included). */
export function parseLaunch(argv: readonly string[]): LaunchRequest {
  const at = argv.indexOf(BRIDGE_SWITCH);
  if (at === -1) return { mode: 'app', autostart: argv.includes(AUTOSTART_SWITCH) };
  const rest = argv.slice(at + 1).filter((arg) => !arg.startsWith('--'));
  const url = rest[0] === 'bridge' ? rest[1] : rest[0];
  if (url === undefined || !/^https?:\/\//i.test(url)) {
    return {
      mode: 'invalid',
      message: `${BRIDGE_SWITCH} needs the proxy URL of a server: ${BRIDGE_SWITCH} bridge http://127.0.0.1:8088/…/mcp`,
    };
  }
  return { mode: 'bridge', url };
}

/** Where the running app is, for commands that start it again. */
export interface AppLocation {
  /** `process.execPath`: the app executable (or the `electron` binary from source). */
  readonly execPath: string;
  readonly isPackaged: boolean;
  /** `app.getAppPath()`: the folder with package.json, needed when run from source. */
  readonly appPath: string;
  /** `$APPIMAGE`: the AppImage file, which outlives the temporary mount `execPath` is in. */
  readonly appImage: string | undefined;
}

/** The command (before `bridge <url>`) Claude Desktop's entry runs: this app in bridge mode. */
export function appBridgeCommand(location: AppLocation): BridgeCommand {
  return { command: executable(location), args: [...appArgs(location), BRIDGE_SWITCH] };
}

/** The command that starts the tray app at login. */
export function appAutostartCommand(location: AppLocation): BridgeCommand {
  return { command: executable(location), args: [...appArgs(location), AUTOSTART_SWITCH] };
}

function executable(location: AppLocation): string {
  return location.isPackaged && location.appImage !== undefined && location.appImage !== ''
    ? location.appImage
    : location.execPath;
}

function appArgs(location: AppLocation): readonly string[] {
  return location.isPackaged ? [] : [location.appPath];
}
