import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeSignIn, startLocalCloud, type LocalCloud } from '../fixtures/local-cloud';
import { runCli, startProxyCli, type CliProcess } from './cli-harness';

let cloud: LocalCloud;
let proxy: CliProcess;
let base: string;
const home = mkdtempSync(join(tmpdir(), 'mcp-gate-home-'));
const configDir = mkdtempSync(join(tmpdir(), 'mcp-gate-cfg-'));
const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config') };

beforeAll(async () => {
  cloud = await startLocalCloud();
  proxy = startProxyCli(cloud, configDir, [], env);
  const [, url] = await proxy.waitFor(/Listen:\s+(http:\/\/127\.0\.0\.1:\d+)/);
  base = url ?? '';
  const [authUrl] = await proxy.waitFor(/http:\/\/127\.0\.0\.1:\d+\/oauth2\/v1\/auth\?\S+/);
  expect((await completeSignIn(authUrl)).callbackStatus).toBe(200);
  await proxy.waitFor(/Signed in/);
});

afterAll(async () => {
  await proxy.stop();
  await cloud.close();
});

interface CursorEntry {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

async function configure(client: string): Promise<void> {
  const demo = cloud.servers[0];
  if (demo === undefined) throw new Error('fixture incomplete');
  const port = new URL(base).port;
  const r = await runCli(
    [
      'clients',
      'configure',
      client,
      '--server',
      `${cloud.upstreamUrl}${demo.mcpPath}`,
      '--port',
      port,
      '--token-store',
      'file',
      '--config-dir',
      configDir,
    ],
    env,
  );
  expect(r.code, r.stderr).toBe(0);
}

function cursorEntry(): CursorEntry {
  const file = JSON.parse(readFileSync(join(home, '.cursor', 'mcp.json'), 'utf8')) as {
    mcpServers: Record<string, CursorEntry>;
  };
  const entry = file.mcpServers['aliyun-demo'];
  if (entry === undefined) throw new Error('no aliyun-demo entry in mcp.json');
  return entry;
}

async function callWith(url: string, headers: Record<string, string>): Promise<string[]> {
  const client = new Client({ name: 'cursor-like', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }),
  );
  const tools = await client.listTools();
  await client.close();
  return tools.tools.map((t) => t.name);
}

async function statusWith(url: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      ...headers,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
  await res.body?.cancel();
  return res.status;
}

describe('a configured client reaches the cloud with its own key, others are refused', () => {
  it('uses exactly the entry written into ~/.cursor/mcp.json', async () => {
    await configure('cursor');
    await configure('vscode');
    const entry = cursorEntry();
    expect(entry.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/accounts\/.+\/mcp$/);
    const key = entry.headers['X-MCP-Gate-Key'];
    expect(key).toMatch(/^[\w-]{43}$/);

    // the client built from the file's entry works through the proxy
    expect(await callWith(entry.url, { ...entry.headers })).toContain(
      'Ecs-20140526-DescribeInstances',
    );
    // no key, or a key the proxy never issued: 401 with a JSON-RPC error naming the fix
    expect(await statusWith(entry.url, {})).toBe(401);
    expect(await statusWith(entry.url, { 'X-MCP-Gate-Key': 'not-a-key' })).toBe(401);
    const refused = await fetch(entry.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const body = (await refused.json()) as { error: { message: string } };
    expect(body.error.message).toContain('mcp-gate clients configure');

    // activity names the client whose key each request carried; the key itself is nowhere
    const activity = readFileSync(join(configDir, 'activity.jsonl'), 'utf8');
    const entries = activity
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { client: string | null; status: number });
    expect(entries.some((e) => e.client === 'cursor' && e.status === 200)).toBe(true);
    expect(entries.filter((e) => e.status === 401).every((e) => e.client === null)).toBe(true);
    expect(activity + proxy.stdout() + proxy.stderr()).not.toContain(key ?? '--');
    // the upstream never saw the local key
    expect(JSON.stringify(cloud.upstreamRequests)).not.toContain(key ?? '--');
  });

  it('removing a client revokes its key at once, while other clients keep working', async () => {
    const entry = cursorEntry();
    const removed = await runCli(
      ['clients', 'remove', 'cursor', '--token-store', 'file', '--config-dir', configDir],
      env,
    );
    expect(removed.code, removed.stderr).toBe(0);
    // wait past the proxy's key-reload interval, then the old key is refused
    await new Promise((r) => setTimeout(r, 2_100));
    expect(await statusWith(entry.url, { ...entry.headers })).toBe(401);
    const vscode = JSON.parse(
      readFileSync(join(home, '.config', 'Code', 'User', 'mcp.json'), 'utf8'),
    ) as {
      servers: Record<string, CursorEntry>;
    };
    const vsEntry = vscode.servers['aliyun-demo'];
    expect(vsEntry).toBeDefined();
    expect(await callWith(vsEntry?.url ?? '', { ...(vsEntry?.headers ?? {}) })).toContain(
      'Ecs-20140526-DescribeInstances',
    );
  });
});
