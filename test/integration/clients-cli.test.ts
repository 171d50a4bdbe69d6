import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerClientsCommand } from '../../electron/cli/command-line/clients';

const SERVER = 'http://127.0.0.1:8088/accounts/1/custom/demo/id/abc/mcp';
const URL_9 = 'http://127.0.0.1:9099/accounts/1/custom/demo/id/abc/mcp';
let home: string;
let configDir: string;
let out: string[];

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'mcp-gate-home-'));
  configDir = join(home, 'gate');
  out = [];
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<string> {
  const program = new Command('mcp-gate').exitOverride();
  registerClientsCommand(program, {
    env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config') },
    platform: 'linux',
    write: (text) => out.push(text),
    bridgeCommand: () => ({ command: '/usr/bin/node', args: ['/opt/mcp-gate/mcp-gate.js'] }),
    dockerHost: () => '172.17.0.1',
  });
  out = [];
  await program.parseAsync(
    ['clients', ...args, '--config-dir', configDir, '--token-store', 'file'],
    { from: 'user' },
  );
  return out.join('');
}

async function keys(): Promise<Record<string, string>> {
  return JSON.parse(await readFile(join(configDir, 'client-keys.json'), 'utf8')).secrets;
}

describe('mcp-gate clients', () => {
  it('configures Cursor: keeps the user file, adds the entry with a fresh key, records ownership', async () => {
    await mkdir(join(home, '.cursor'));
    const file = join(home, '.cursor', 'mcp.json');
    await writeFile(
      file,
      '{\n  // comment\n  "mcpServers": {\n    "mine": { "command": "x" },\n  },\n}\n',
    );
    await run('configure', 'cursor', '--server', SERVER);
    const key = (await keys())['client-key:cursor'];
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await readFile(file, 'utf8')).toBe(
      `{\n  // comment\n  "mcpServers": {\n    "mine": { "command": "x" },\n    "aliyun-demo": {\n      "url": "${SERVER}",\n      "headers": {\n        "X-MCP-Gate-Key": "${key}"\n      }\n    },\n  },\n}\n`,
    );
    expect((await stat(join(configDir, 'client-keys.json'))).mode & 0o777).toBe(0o600);
    const record = JSON.parse(await readFile(join(configDir, 'clients.json'), 'utf8'));
    expect(record.clients.cursor).toMatchObject({ file, entries: ['aliyun-demo'], port: 8088 });
  });

  it('--dry-run prints a diff with the key hidden and writes nothing', async () => {
    await mkdir(join(home, '.cursor'));
    const file = join(home, '.cursor', 'mcp.json');
    await writeFile(file, '{}\n');
    const text = await run('configure', 'cursor', '--server', SERVER, '--dry-run');
    expect(text).toContain('+    "aliyun-demo": {');
    expect(text).toContain('<new local key>');
    expect(await readFile(file, 'utf8')).toBe('{}\n');
  });

  it('lists configured, then out of date when the port changes', async () => {
    await run('configure', 'cursor', '--server', SERVER);
    let list = JSON.parse(await run('list', '--json', '--server', SERVER));
    const cursor = () => list.clients.find((c: { id: string }) => c.id === 'cursor');
    expect(cursor()).toMatchObject({ found: true, state: 'configured', hasKey: true });
    list = JSON.parse(await run('list', '--json', '--server', URL_9, '--port', '9099'));
    expect(cursor()).toMatchObject({
      state: 'out-of-date',
      stale: [{ name: 'aliyun-demo', reason: 'url' }],
    });
    expect(list.clients.find((c: { id: string }) => c.id === 'windsurf')).toMatchObject({
      found: false,
      state: 'not-configured',
    });
  });

  it('remove takes out exactly its own entries (not a user aliyun-*) and revokes the key', async () => {
    const file = join(home, '.gemini', 'settings.json');
    await mkdir(join(home, '.gemini'));
    await writeFile(
      file,
      '{\n  "theme": "x",\n  "mcpServers": {\n    "aliyun-mine": { "url": "http://u" }\n  }\n}\n',
    );
    await run('configure', 'gemini-cli', '--server', SERVER);
    expect(JSON.parse(await readFile(file, 'utf8')).mcpServers['aliyun-demo']).toMatchObject({
      type: 'http',
      url: SERVER,
    });
    await run('remove', 'gemini-cli');
    expect(await readFile(file, 'utf8')).toBe(
      '{\n  "theme": "x",\n  "mcpServers": {\n    "aliyun-mine": { "url": "http://u" }\n  }\n}\n',
    );
    expect((await keys())['client-key:gemini-cli']).toBeUndefined();
  });

  it('writes Cline 4 when ~/.cline exists, Cline 3 globalStorage when only that exists', async () => {
    const v3dir = join(
      home,
      '.config',
      'Code',
      'User',
      'globalStorage',
      'saoudrizwan.claude-dev',
      'settings',
    );
    await mkdir(v3dir, { recursive: true });
    await writeFile(join(v3dir, 'cline_mcp_settings.json'), '{\n  "mcpServers": {}\n}');
    await run('configure', 'cline', '--server', SERVER);
    expect(out.join('')).toContain('Layout: cline-3');
    expect(
      JSON.parse(await readFile(join(v3dir, 'cline_mcp_settings.json'), 'utf8')).mcpServers[
        'aliyun-demo'
      ],
    ).toMatchObject({
      type: 'streamableHttp',
      disabled: false,
      timeout: 60,
      autoApprove: [],
    });
    await mkdir(join(home, '.cline'));
    await run('configure', 'cline', '--server', SERVER);
    expect(out.join('')).toContain('Layout: cline-4');
    const v4 = join(home, '.cline', 'data', 'settings', 'cline_mcp_settings.json');
    expect(JSON.parse(await readFile(v4, 'utf8')).mcpServers['aliyun-demo'].type).toBe(
      'streamableHttp',
    );
  });

  it('refuses a malformed Claude Code file naming the line, without writing', async () => {
    const file = join(home, '.claude.json');
    await writeFile(file, '{\n  "projects": {},\n  "mcpServers": { "a": 1, }\n}\n');
    await expect(run('configure', 'claude-code', '--server', SERVER)).rejects.toThrow(`${file}:3:`);
    expect(await readFile(file, 'utf8')).toBe(
      '{\n  "projects": {},\n  "mcpServers": { "a": 1, }\n}\n',
    );
  });

  it('prints deep links and paste values', async () => {
    expect(await run('link', 'cursor', '--server', SERVER)).toMatch(
      /^aliyun-demo: cursor:\/\/anysphere\.cursor-deeplink\/mcp\/install\?name=aliyun-demo&config=/,
    );
    expect(await run('link', 'cherry-studio', '--server', SERVER)).toContain(
      'cherrystudio://mcp/install?servers=',
    );
    const dify = await run('link', 'dify', '--server', SERVER);
    expect(dify).toContain('URL:    http://172.17.0.1:8088/accounts/1/custom/demo/id/abc/mcp');
    expect(dify).toContain('--host 172.17.0.1');
    await expect(run('link', 'windsurf', '--server', SERVER)).rejects.toThrow(
      'has no install link',
    );
  });
});
