import { describe, expect, it } from 'vitest';
import {
  cherryStudioInstallLink,
  cherryStudioJson,
  cursorInstallLink,
  difyValues,
  lingmaValues,
  vscodeInstallLink,
} from '../../shared/client-links';
import {
  buildEntry,
  configPaths,
  entryKey,
  entryName,
  entryUrl,
  localUrls,
  type ClientId,
  type PathContext,
} from '../../shared/clients';
import { distinctServers, parseGateServerUrl } from '../../shared/gate-server';
import { identifyClient } from '../../electron/core/clients/identify-client';

const linux: PathContext = { platform: 'linux', home: '/home/u', env: {} };
const mac: PathContext = { platform: 'darwin', home: '/Users/u', env: {} };
const win: PathContext = {
  platform: 'win32',
  home: 'C:\\Users\\u',
  appData: 'C:\\Users\\u\\AppData\\Roaming',
  env: {},
};

describe('configPaths', () => {
  it.each<[string, ClientId, PathContext, string]>([
    ['cursor linux', 'cursor', linux, '/home/u/.cursor/mcp.json'],
    ['cursor windows', 'cursor', win, 'C:\\Users\\u\\.cursor\\mcp.json'],
    ['cline 4 default', 'cline', linux, '/home/u/.cline/data/settings/cline_mcp_settings.json'],
    [
      'cline CLINE_DIR',
      'cline',
      { ...linux, env: { CLINE_DIR: '/opt/cline' } },
      '/opt/cline/data/settings/cline_mcp_settings.json',
    ],
    [
      'cline CLINE_DATA_DIR wins over CLINE_DIR',
      'cline',
      { ...linux, env: { CLINE_DIR: '/x', CLINE_DATA_DIR: '~/d' } },
      '/home/u/d/settings/cline_mcp_settings.json',
    ],
    [
      'cline CLINE_MCP_SETTINGS_PATH wins',
      'cline',
      { ...linux, env: { CLINE_DATA_DIR: '/d', CLINE_MCP_SETTINGS_PATH: '/m.json' } },
      '/m.json',
    ],
    [
      'claude desktop mac',
      'claude-desktop',
      mac,
      '/Users/u/Library/Application Support/Claude/claude_desktop_config.json',
    ],
    [
      'claude desktop windows',
      'claude-desktop',
      win,
      'C:\\Users\\u\\AppData\\Roaming\\Claude\\claude_desktop_config.json',
    ],
    ['claude code', 'claude-code', linux, '/home/u/.claude.json'],
    ['vscode linux XDG', 'vscode', { ...linux, xdgConfigHome: '/xdg' }, '/xdg/Code/User/mcp.json'],
    ['vscode mac', 'vscode', mac, '/Users/u/Library/Application Support/Code/User/mcp.json'],
    ['windsurf', 'windsurf', linux, '/home/u/.codeium/windsurf/mcp_config.json'],
    ['qwen default', 'qwen-code', linux, '/home/u/.qwen/settings.json'],
    [
      'qwen QWEN_HOME',
      'qwen-code',
      { ...linux, env: { QWEN_HOME: '~/q' } },
      '/home/u/q/settings.json',
    ],
    ['gemini', 'gemini-cli', linux, '/home/u/.gemini/settings.json'],
  ])('%s', (_label, id, ctx, expected) => {
    expect(configPaths(id, ctx)[0]?.path).toBe(expected);
  });

  it('lists the Cline 3 globalStorage files after the Cline 4 file', () => {
    const paths = configPaths('cline', linux);
    expect(paths[0]?.layout).toBe('cline-4');
    expect(paths[1]).toEqual({
      path: '/home/u/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
      marker: '/home/u/.config/Code/User/globalStorage/saoudrizwan.claude-dev',
      layout: 'cline-3',
      source: 'default',
    });
    expect(configPaths('cline', win)[1]?.path).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\Code\\User\\globalStorage\\saoudrizwan.claude-dev\\settings\\cline_mcp_settings.json',
    );
  });

  it('has no file for Claude Desktop on Linux, nor for Cherry Studio, Lingma and Dify', () => {
    for (const id of ['cherry-studio', 'lingma', 'dify'] as const)
      expect(configPaths(id, linux)).toEqual([]);
    expect(configPaths('claude-desktop', linux)).toEqual([]);
  });
});

const server = { name: 'demo', path: '/accounts/1/custom/demo/id/abc/mcp' };
const urls = localUrls(server, 8088);
const input = { ...urls, key: 'K', port: 8088 };
const headers = { 'X-MCP-Gate-Key': 'K' };

describe('buildEntry', () => {
  it('uses 127.0.0.1 and the SSE sibling path', () => {
    expect(urls).toEqual({
      url: 'http://127.0.0.1:8088/accounts/1/custom/demo/id/abc/mcp',
      sseUrl: 'http://127.0.0.1:8088/accounts/1/custom/demo/id/abc/sse',
    });
  });

  it.each<[ClientId, unknown]>([
    ['cursor', { url: urls.url, headers }],
    [
      'cline',
      {
        type: 'streamableHttp',
        url: urls.url,
        headers,
        disabled: false,
        timeout: 60,
        autoApprove: [],
      },
    ],
    ['vscode', { type: 'http', url: urls.url, headers }],
    ['windsurf', { serverUrl: urls.url, headers }],
    ['qwen-code', { httpUrl: urls.url, headers }],
    ['gemini-cli', { type: 'http', url: urls.url, headers }],
    ['claude-code', { type: 'http', url: urls.url, headers }],
    ['cherry-studio', { type: 'streamableHttp', baseUrl: urls.url, headers }],
    ['lingma', { url: urls.sseUrl, headers }],
    ['dify', null],
  ])('%s', (id, expected) => {
    expect(buildEntry(id, input)).toEqual(expected);
  });

  it('runs the bundled bridge for Claude Desktop with the key in its env', () => {
    const entry = buildEntry('claude-desktop', {
      ...input,
      bridge: { command: '/usr/bin/node', args: ['/opt/mcp-gate.js'] },
    });
    expect(entry).toEqual({
      command: '/usr/bin/node',
      args: ['/opt/mcp-gate.js', 'bridge', urls.url],
      env: { MCP_GATE_KEY: 'K' },
    });
    expect(entryUrl(entry ?? undefined)).toBe(urls.url);
    expect(entryKey(entry ?? undefined)).toBe('K');
  });

  it.each([
    ['demo', 'aliyun-demo'],
    ['my server/../x', 'aliyun-my-server-x'],
    ['', 'aliyun-server'],
  ])('entryName(%j) = %s', (name, expected) => {
    expect(entryName(name)).toBe(expected);
  });
});

describe('parseGateServerUrl', () => {
  it.each([
    [
      'http://127.0.0.1:8088/accounts/1/custom/demo/id/abc/mcp',
      'demo',
      '/accounts/1/custom/demo/id/abc/mcp',
    ],
    [
      'https://openapi-mcp.cn-hangzhou.aliyuncs.com/accounts/1/custom/demo/id/abc/sse',
      'demo',
      '/accounts/1/custom/demo/id/abc/mcp',
    ],
    [
      'https://x/accounts/1/system/ecs/ecs-ops/id/q/mcp',
      'ecs-ops',
      '/accounts/1/system/ecs/ecs-ops/id/q/mcp',
    ],
  ])('%s', (url, name, path) => {
    expect(parseGateServerUrl(url)).toMatchObject({ ok: true, server: { name, path } });
  });

  it.each([
    'not a url',
    'ftp://x/accounts/1/custom/a/id/b/mcp',
    'http://x/other/path',
    'http://x/accounts/1/custom/%2e%2e/id/b/mcp',
  ])('refuses %s', (url) => {
    expect(parseGateServerUrl(url).ok).toBe(false);
  });

  it('gives same-named servers distinct names', () => {
    const out = distinctServers([
      { name: 'a', path: '/accounts/1/custom/a/id/x1/mcp' },
      { name: 'a', path: '/accounts/1/system/p/a/id/x2/mcp' },
    ]);
    expect(out.map((s) => s.name)).toEqual(['a-x1', 'a-x2']);
  });
});

function decodeBase64Json(value: string): unknown {
  return JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
}

describe('deep links', () => {
  const link = { server, port: 8088, key: 'k+/=ü' };

  it('Cursor: name and URL-encoded base64 of {url, headers}', () => {
    const url = new URL(cursorInstallLink(link));
    expect(url.protocol).toBe('cursor:');
    expect(url.host).toBe('anysphere.cursor-deeplink');
    expect(url.pathname).toBe('/mcp/install');
    expect(url.searchParams.get('name')).toBe('aliyun-demo');
    expect(decodeBase64Json(url.searchParams.get('config') ?? '')).toEqual({
      url: urls.url,
      headers: { 'X-MCP-Gate-Key': 'k+/=ü' },
    });
    expect(cursorInstallLink(link)).not.toMatch(/config=[^&]*[+/=]/);
  });

  it('VS Code: URL-encoded JSON {name, type, url, headers}', () => {
    const text = vscodeInstallLink(link);
    expect(text.startsWith('vscode:mcp/install?')).toBe(true);
    expect(JSON.parse(decodeURIComponent(text.slice('vscode:mcp/install?'.length)))).toEqual({
      name: 'aliyun-demo',
      type: 'http',
      url: urls.url,
      headers: { 'X-MCP-Gate-Key': 'k+/=ü' },
    });
  });

  it('Cherry Studio: servers = URL-encoded base64 of {mcpServers}, and the same JSON to copy', () => {
    const url = new URL(cherryStudioInstallLink([link]));
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe('cherrystudio://mcp/install');
    const payload = {
      mcpServers: {
        'aliyun-demo': {
          type: 'streamableHttp',
          baseUrl: urls.url,
          headers: { 'X-MCP-Gate-Key': 'k+/=ü' },
        },
      },
    };
    expect(decodeBase64Json(url.searchParams.get('servers') ?? '')).toEqual(payload);
    expect(JSON.parse(cherryStudioJson([link]))).toEqual(payload);
  });

  it('Dify: the Docker bridge address, the header, and the listen warning', () => {
    const values = difyValues(link, '172.17.0.1');
    expect(values.url).toBe('http://172.17.0.1:8088/accounts/1/custom/demo/id/abc/mcp');
    expect(values.headers).toEqual({ 'X-MCP-Gate-Key': 'k+/=ü' });
    expect(values.notes.join(' ')).toContain('--host 172.17.0.1');
    expect(difyValues(link, null).notes.join(' ')).toContain('ip -4 addr show docker0');
  });

  it('Lingma: the SSE URL', () => {
    expect(lingmaValues(link).url).toBe(urls.sseUrl);
  });
});

describe('identifyClient', () => {
  const keys = new Map([
    ['cursor', 'key-cursor'],
    ['cline', 'key-cline'],
  ] as const);
  it.each([
    ['key-cursor', 'cursor'],
    ['key-cline', 'cline'],
    [' key-cline ', 'cline'],
    ['key-clin', null],
    ['', null],
    [undefined, null],
    [['key-cursor', 'key-cline'], null],
  ])('%j → %s', (header, expected) => {
    expect(identifyClient(header, keys)).toBe(expected);
  });
});
