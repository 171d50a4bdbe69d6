import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  completeSignIn,
  SECOND_ACCOUNT_ID,
  startLocalCloud,
  type LocalCloud,
} from '../fixtures/local-cloud';
import { cloudFlags, runCli, startCli, startProxyCli, type CliProcess } from './cli-harness';

let cloud: LocalCloud;
const running: CliProcess[] = [];
const configDir = mkdtempSync(join(tmpdir(), 'mcp-gate-acc-'));
const store = ['--token-store', 'file', '--config-dir', configDir];

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
  await cloud.close();
});

async function login(profile: string, account: string): Promise<void> {
  const cli = startCli([
    'login',
    ...cloudFlags(cloud),
    '--port',
    '0',
    '--no-browser',
    '--profile',
    profile,
    ...store,
  ]);
  const [url] = await cli.waitFor(/http:\/\/127\.0\.0\.1:\d+\/oauth2\/v1\/auth\?\S+/);
  expect((await completeSignIn(url, { login: account })).callbackStatus).toBe(200);
  expect(await cli.exited()).toBe(0);
}

async function startProxy(): Promise<{ cli: CliProcess; base: string }> {
  const cli = startProxyCli(cloud, configDir);
  running.push(cli);
  const [, base] = await cli.waitFor(/Listen:\s+(http:\/\/127\.0\.0\.1:\d+)/);
  await cli.waitFor(/Signed in \(profile "default"\)/);
  return { cli, base: base ?? '' };
}

async function toolNames(url: string): Promise<string[]> {
  const client = new Client({ name: 't', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  const tools = await client.listTools();
  await client.close();
  return tools.tools.map((t) => t.name);
}

function tokensSentTo(account: string): Set<string> {
  return new Set(
    cloud.upstreamRequests
      .filter((r) => r.path.startsWith(`/accounts/${account}/`))
      .map((r) => r.headers['authorization'] ?? ''),
  );
}

describe('several accounts behind one proxy', () => {
  it('sends each account path its own profile token, and refuses a path whose profile is not signed in', async () => {
    const first = cloud.accounts[0]?.servers[0];
    const second = cloud.accounts.find((a) => a.accountId === SECOND_ACCOUNT_ID)?.servers[0];
    if (first === undefined || second === undefined) throw new Error('fixture incomplete');

    await login('default', cloud.accountId);
    const added = await runCli([
      'servers',
      'add',
      `${cloud.upstreamUrl}${second.mcpPath}`,
      '--profile',
      'work',
      ...store,
    ]);
    expect(added.code, added.stderr).toBe(0);

    // "work" owns the second account but has not signed in: its path is refused, never given default's token
    const before = await startProxy();
    const refused = await fetch(`${before.base}${second.mcpPath}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      'mcp-gate login --profile work',
    );
    expect(tokensSentTo(SECOND_ACCOUNT_ID).size).toBe(0);
    await before.cli.stop();

    await login('work', SECOND_ACCOUNT_ID);
    const { cli, base } = await startProxy();
    expect(cli.stdout()).toContain(`Account ${SECOND_ACCOUNT_ID} → profile work`);
    expect(await toolNames(`${base}${first.mcpPath}`)).toContain('Ecs-20140526-DescribeInstances');
    expect((await toolNames(`${base}${second.mcpPath}`)).length).toBeGreaterThan(0);

    const firstTokens = tokensSentTo(cloud.accountId);
    const secondTokens = tokensSentTo(SECOND_ACCOUNT_ID);
    expect(firstTokens.size).toBeGreaterThan(0);
    expect(secondTokens.size).toBeGreaterThan(0);
    for (const token of secondTokens) expect(firstTokens.has(token)).toBe(false);

    const status = await runCli(['status', '--json', ...store]);
    const report = JSON.parse(status.stdout) as { profiles: { name: string; signedIn: boolean }[] };
    expect(report.profiles.map((p) => [p.name, p.signedIn])).toEqual([
      ['default', true],
      ['work', true],
    ]);
  });
});
