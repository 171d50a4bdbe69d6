/**
 * The AI clients MCP Gate can configure: where each keeps its MCP config, which root key and
 * entry shape it reads, and how a user hands it a server when it has no file we may edit.
 * Pure data and functions (see CLIENTS.md); the file work lives in electron/core/clients.
 */

/** Every client id accepted on the command line. */
export const CLIENT_IDS = [
  'cursor',
  'cline',
  'cherry-studio',
  'claude-desktop',
  'claude-code',
  'vscode',
  'windsurf',
  'qwen-code',
  'gemini-cli',
  'lingma',
  'dify',
] as const;

/** One of CLIENT_IDS. */
export type ClientId = (typeof CLIENT_IDS)[number];

/** How MCP Gate configures a client: edit its file, print a deep link, or show values to paste. */
export type ClientKind = 'file' | 'deep-link-only' | 'paste';

/** The object under the root key that holds the servers. */
export type RootKey = 'mcpServers' | 'servers';

/** A JSON value as written into a client's file. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A JSON object as written into a client's file. */
export type JsonObject = { readonly [key: string]: JsonValue };

/** What MCP Gate knows about one client. */
export interface ClientInfo {
  readonly id: ClientId;
  readonly displayName: string;
  readonly kind: ClientKind;
  /** The key that holds the servers in its file; null when there is no file. */
  readonly rootKey: RootKey | null;
  /** True when the client's parser accepts comments and trailing commas (JSONC). */
  readonly allowsComments: boolean;
  /** True when `mcp-gate clients link` prints an install deep link for it. */
  readonly hasDeepLink: boolean;
  /** What the user does so the client picks up a change. */
  readonly reload: string;
}

const CLIENTS: Readonly<Record<ClientId, ClientInfo>> = {
  cursor: {
    id: 'cursor',
    displayName: 'Cursor',
    kind: 'file',
    rootKey: 'mcpServers',
    allowsComments: true,
    hasDeepLink: true,
    reload: 'Cursor picks it up by itself; if not, toggle the server off and on in Settings → MCP.',
  },
  cline: {
    id: 'cline',
    displayName: 'Cline',
    kind: 'file',
    rootKey: 'mcpServers',
    allowsComments: false,
    hasDeepLink: false,
    reload: 'Cline watches the file and reconnects by itself.',
  },
  'cherry-studio': {
    id: 'cherry-studio',
    displayName: 'Cherry Studio',
    kind: 'deep-link-only',
    rootKey: null,
    allowsComments: false,
    hasDeepLink: true,
    reload:
      'Open the link, confirm in Cherry Studio, then enable the server (it arrives disabled).',
  },
  'claude-desktop': {
    id: 'claude-desktop',
    displayName: 'Claude Desktop',
    kind: 'file',
    rootKey: 'mcpServers',
    allowsComments: false,
    hasDeepLink: false,
    reload: 'Quit Claude Desktop completely (also from the tray/menu bar) and start it again.',
  },
  'claude-code': {
    id: 'claude-code',
    displayName: 'Claude Code',
    kind: 'file',
    rootKey: 'mcpServers',
    allowsComments: false,
    hasDeepLink: false,
    reload: 'New Claude Code sessions use it; restart running ones.',
  },
  vscode: {
    id: 'vscode',
    displayName: 'VS Code',
    kind: 'file',
    rootKey: 'servers',
    allowsComments: true,
    hasDeepLink: true,
    reload: 'VS Code watches mcp.json; start the server from the MCP view if it does not start.',
  },
  windsurf: {
    id: 'windsurf',
    displayName: 'Windsurf',
    kind: 'file',
    rootKey: 'mcpServers',
    allowsComments: true,
    hasDeepLink: false,
    reload: 'Press Refresh in the MCP panel of Cascade.',
  },
  'qwen-code': {
    id: 'qwen-code',
    displayName: 'Qwen Code',
    kind: 'file',
    rootKey: 'mcpServers',
    allowsComments: true,
    hasDeepLink: false,
    reload: 'New builds reload it; otherwise restart qwen.',
  },
  'gemini-cli': {
    id: 'gemini-cli',
    displayName: 'Gemini CLI',
    kind: 'file',
    rootKey: 'mcpServers',
    allowsComments: true,
    hasDeepLink: false,
    reload: 'Restart gemini (or run /mcp refresh).',
  },
  lingma: {
    id: 'lingma',
    displayName: 'Lingma',
    kind: 'paste',
    rootKey: null,
    allowsComments: false,
    hasDeepLink: false,
    reload: 'Add the server in Lingma’s MCP settings with the SSE URL below.',
  },
  dify: {
    id: 'dify',
    displayName: 'Dify',
    kind: 'paste',
    rootKey: null,
    allowsComments: false,
    hasDeepLink: false,
    reload: 'Add it in Dify under Tools → MCP → Add MCP Server (HTTP).',
  },
};

/** True when `value` is a known client id. */
export function isClientId(value: string): value is ClientId {
  return (CLIENT_IDS as readonly string[]).includes(value);
}

/** The catalogue entry of one client. */
export function clientInfo(id: ClientId): ClientInfo {
  return CLIENTS[id];
}

/** Where to look for client files: the user's folders and environment, passed in, never read here. */
export interface PathContext {
  /** `process.platform`: `darwin`, `win32`, `linux`, … */
  readonly platform: string;
  /** The home directory (`HOME`; `USERPROFILE` on Windows). */
  readonly home: string;
  /** `%APPDATA%` on Windows (else ignored). */
  readonly appData?: string | undefined;
  /** `XDG_CONFIG_HOME` on Linux (else ignored; defaults to `~/.config`). */
  readonly xdgConfigHome?: string | undefined;
  /** Environment variables that move a client's file (CLINE_*, QWEN_HOME, CLAUDE_CONFIG_DIR). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** One place a client's config file may be, most likely first. */
export interface ConfigCandidate {
  readonly path: string;
  /** A directory whose presence shows the client (at this layout) is installed. */
  readonly marker: string;
  /** The layout found there, e.g. `cline-4` / `cline-3`; null when the client has one layout. */
  readonly layout: string | null;
  /** Where the path came from: an environment override or the client's default. */
  readonly source: 'env' | 'default';
}

/** Joins path parts with the separator of `platform` (shared code has no node:path). */
export function joinPath(platform: string, ...parts: readonly string[]): string {
  const sep = platform === 'win32' ? '\\' : '/';
  const cleaned = parts
    .filter((p) => p !== '')
    .map((p, i) => {
      let s = p;
      if (i > 0) s = s.replace(/^[\\/]+/, '');
      if (i < parts.length - 1) s = s.replace(/[\\/]+$/, '');
      return s;
    });
  return cleaned.join(sep);
}

function parentOf(platform: string, path: string): string {
  const index = Math.max(path.lastIndexOf('/'), platform === 'win32' ? path.lastIndexOf('\\') : -1);
  return index <= 0 ? path : path.slice(0, index);
}

function expandTilde(value: string, home: string, platform: string): string {
  if (value === '~') return home;
  if (value.startsWith('~/') || value.startsWith('~\\'))
    return joinPath(platform, home, value.slice(2));
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** The per-user config root of desktop apps: Application Support, %APPDATA% or XDG_CONFIG_HOME. */
export function appConfigRoot(ctx: PathContext): string {
  const { platform, home } = ctx;
  if (platform === 'darwin') return joinPath(platform, home, 'Library', 'Application Support');
  if (platform === 'win32') {
    return nonEmpty(ctx.appData) ?? joinPath(platform, home, 'AppData', 'Roaming');
  }
  return nonEmpty(ctx.xdgConfigHome) ?? joinPath(platform, home, '.config');
}

/** VS Code and the forks where Cline 3 kept its globalStorage, in the order we look. */
const VSCODE_FLAVOURS = ['Code', 'Code - Insiders', 'VSCodium', 'Cursor', 'Windsurf'] as const;

const CLINE_FILE = 'cline_mcp_settings.json';

function clineCandidates(ctx: PathContext): ConfigCandidate[] {
  const { platform, home, env } = ctx;
  const explicit = nonEmpty(env['CLINE_MCP_SETTINGS_PATH']);
  const dataDir = nonEmpty(env['CLINE_DATA_DIR']);
  const clineDir = nonEmpty(env['CLINE_DIR']);
  let cline4: ConfigCandidate;
  if (explicit !== undefined) {
    const path = expandTilde(explicit, home, platform);
    cline4 = { path, marker: parentOf(platform, path), layout: 'cline-4', source: 'env' };
  } else if (dataDir !== undefined) {
    const dir = expandTilde(dataDir, home, platform);
    cline4 = {
      path: joinPath(platform, dir, 'settings', CLINE_FILE),
      marker: dir,
      layout: 'cline-4',
      source: 'env',
    };
  } else {
    const dir =
      clineDir === undefined
        ? joinPath(platform, home, '.cline')
        : expandTilde(clineDir, home, platform);
    cline4 = {
      path: joinPath(platform, dir, 'data', 'settings', CLINE_FILE),
      marker: dir,
      layout: 'cline-4',
      source: clineDir === undefined ? 'default' : 'env',
    };
  }
  const root = appConfigRoot(ctx);
  const cline3 = VSCODE_FLAVOURS.map((flavour): ConfigCandidate => {
    const storage = joinPath(
      platform,
      root,
      flavour,
      'User',
      'globalStorage',
      'saoudrizwan.claude-dev',
    );
    return {
      path: joinPath(platform, storage, 'settings', CLINE_FILE),
      marker: storage,
      layout: 'cline-3',
      source: 'default',
    };
  });
  return [cline4, ...cline3];
}

function single(
  path: string,
  marker: string,
  source: 'env' | 'default' = 'default',
): ConfigCandidate[] {
  return [{ path, marker, layout: null, source }];
}

/**
 * The candidate config files of a client on this machine, most likely first; empty for clients
 * without a file (Cherry Studio, Lingma, Dify) and for Claude Desktop on Linux (no build).
 */
export function configPaths(id: ClientId, ctx: PathContext): ConfigCandidate[] {
  const { platform, home, env } = ctx;
  const j = (...parts: string[]): string => joinPath(platform, ...parts);
  switch (id) {
    case 'cursor':
      return single(j(home, '.cursor', 'mcp.json'), j(home, '.cursor'));
    case 'cline':
      return clineCandidates(ctx);
    case 'claude-desktop': {
      if (platform !== 'darwin' && platform !== 'win32') return [];
      const dir = j(appConfigRoot(ctx), 'Claude');
      return single(j(dir, 'claude_desktop_config.json'), dir);
    }
    case 'claude-code': {
      const moved = nonEmpty(env['CLAUDE_CONFIG_DIR']);
      if (moved !== undefined) {
        const dir = expandTilde(moved, home, platform);
        return single(j(dir, '.claude.json'), dir, 'env');
      }
      return single(j(home, '.claude.json'), j(home, '.claude'));
    }
    case 'vscode':
      return (['Code', 'Code - Insiders'] as const).map((flavour) => ({
        path: j(appConfigRoot(ctx), flavour, 'User', 'mcp.json'),
        marker: j(appConfigRoot(ctx), flavour, 'User'),
        layout: flavour === 'Code' ? 'stable' : 'insiders',
        source: 'default' as const,
      }));
    case 'windsurf':
      return single(
        j(home, '.codeium', 'windsurf', 'mcp_config.json'),
        j(home, '.codeium', 'windsurf'),
      );
    case 'qwen-code': {
      const moved = nonEmpty(env['QWEN_HOME']);
      const dir = moved === undefined ? j(home, '.qwen') : expandTilde(moved, home, platform);
      return single(j(dir, 'settings.json'), dir, moved === undefined ? 'default' : 'env');
    }
    case 'gemini-cli':
      return single(j(home, '.gemini', 'settings.json'), j(home, '.gemini'));
    case 'cherry-studio':
    case 'lingma':
    case 'dify':
      return [];
  }
}

/** One MCP server MCP Gate proxies, as the configurator needs it. */
export interface GateServer {
  /** The server's name (from its path), used for the entry name `aliyun-<name>`. */
  readonly name: string;
  /** The Streamable HTTP path on the proxy, e.g. `/accounts/1/custom/demo/id/x/mcp`. */
  readonly path: string;
  /** The legacy SSE path; derived from `path` (`…/mcp` → `…/sse`) when absent. */
  readonly ssePath?: string;
}

/** The prefix of every entry MCP Gate writes. */
export const ENTRY_PREFIX = 'aliyun-';

/** The header that carries a client's local key. */
export const CLIENT_KEY_HEADER = 'X-MCP-Gate-Key';

/** The entry name of a server: `aliyun-<name>`, limited to letters, digits, `-` and `_`. */
export function entryName(serverName: string): string {
  const safe = serverName.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${ENTRY_PREFIX}${safe === '' ? 'server' : safe}`;
}

/** True for a name MCP Gate could have written (it still must be in the ownership record). */
export function isGateEntryName(name: string): boolean {
  return name.startsWith(ENTRY_PREFIX) && name.length > ENTRY_PREFIX.length;
}

/** The proxy URLs of a server: always `127.0.0.1` (Node ≥ 17 may resolve `localhost` to `::1`). */
export function localUrls(
  server: GateServer,
  port: number,
): { readonly url: string; readonly sseUrl: string } {
  const base = `http://127.0.0.1:${port}`;
  const ssePath =
    server.ssePath ??
    (server.path.endsWith('/mcp') ? `${server.path.slice(0, -4)}/sse` : server.path);
  return { url: base + server.path, sseUrl: base + ssePath };
}

/** How Claude Desktop starts MCP Gate's stdio bridge: absolute paths, nothing downloaded. */
export interface BridgeCommand {
  /** Absolute path of the Node binary, or of the desktop app (which takes `--mcp-gate-bridge`). */
  readonly command: string;
  /** Arguments before `bridge <url>`, e.g. the absolute path of the built CLI. */
  readonly args: readonly string[];
  /** Extra environment the command needs besides the key. */
  readonly env?: Readonly<Record<string, string>>;
}

/** What an entry is built from. */
export interface EntryInput {
  readonly url: string;
  readonly sseUrl: string;
  readonly key: string;
  readonly port: number;
  /** Needed for Claude Desktop only. */
  readonly bridge?: BridgeCommand;
}

/** The env var the stdio bridge reads the local key from. */
export const BRIDGE_KEY_ENV = 'MCP_GATE_KEY';

/**
 * The exact entry a client's file (or import payload) gets for one server; null for Dify,
 * which has no entry (see difyValues). Throws for Claude Desktop without a bridge command.
 */
export function buildEntry(id: ClientId, input: EntryInput): JsonObject | null {
  const headers = { [CLIENT_KEY_HEADER]: input.key };
  switch (id) {
    case 'cursor':
      return { url: input.url, headers };
    case 'cline':
      return {
        type: 'streamableHttp',
        url: input.url,
        headers,
        disabled: false,
        timeout: 60,
        autoApprove: [],
      };
    case 'vscode':
    case 'gemini-cli':
    case 'claude-code':
      return { type: 'http', url: input.url, headers };
    case 'windsurf':
      return { serverUrl: input.url, headers };
    case 'qwen-code':
      return { httpUrl: input.url, headers };
    case 'cherry-studio':
      return { type: 'streamableHttp', baseUrl: input.url, headers };
    case 'lingma':
      return { url: input.sseUrl, headers };
    case 'claude-desktop': {
      if (input.bridge === undefined) throw new Error('Claude Desktop needs the bridge command');
      return {
        command: input.bridge.command,
        args: [...input.bridge.args, 'bridge', input.url],
        env: { ...input.bridge.env, [BRIDGE_KEY_ENV]: input.key },
      };
    }
    case 'dify':
      return null;
  }
}

/** The URL an entry points at, whatever the client calls the field; null when none. */
export function entryUrl(entry: JsonValue | undefined): string | null {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return null;
  const object = entry as JsonObject;
  for (const key of ['url', 'serverUrl', 'httpUrl', 'baseUrl']) {
    const value = object[key];
    if (typeof value === 'string') return value;
  }
  const args = object['args'];
  if (Array.isArray(args)) {
    const last = args[args.length - 1];
    if (typeof last === 'string' && /^https?:\/\//.test(last)) return last;
  }
  return null;
}

/** The local key an entry carries (header or bridge env); null when none. */
export function entryKey(entry: JsonValue | undefined): string | null {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return null;
  const object = entry as JsonObject;
  for (const field of ['headers', 'env']) {
    const bag = object[field];
    if (bag === null || typeof bag !== 'object' || Array.isArray(bag)) continue;
    for (const [name, value] of Object.entries(bag as JsonObject)) {
      const lower = name.toLowerCase();
      if (
        (lower === CLIENT_KEY_HEADER.toLowerCase() || name === BRIDGE_KEY_ENV) &&
        typeof value === 'string'
      ) {
        return value;
      }
    }
  }
  return null;
}
