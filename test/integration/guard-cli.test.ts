import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../shared/activity';
import { openActivityLog } from '../../electron/core/audit/activity-log';
import { completeSignIn, startLocalCloud, type LocalCloud } from '../fixtures/local-cloud';
import { runCli, startCli, startProxyCli, type CliProcess } from './cli-harness';
import { connectClient, resultText, serverNamed } from './guard-harness';
import { eventually } from './proxy-harness';

let cloud: LocalCloud;
const running: CliProcess[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(running.map((p) => p.stop()));
  await cloud.close();
});

function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'mcp-gate-guard-cli-'));
}

function settingsOnDisk(dir: string): Record<string, unknown> & { guard: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as Record<string, unknown> & {
    guard: Record<string, unknown>;
  };
}

async function guardCli(dir: string, ...args: string[]) {
  return runCli(['guard', ...args, '--config-dir', dir]);
}

function entry(overrides: Partial<ActivityEntry>): ActivityEntry {
  return {
    time: '2026-01-02T03:04:05.000Z',
    client: 'cursor',
    account: '1234567890',
    server: 'demo',
    serverId: 'demoId0001',
    method: 'POST',
    path: '/accounts/1234567890/custom/demo/id/demoId0001/mcp',
    rpcMethod: 'tools/call',
    tool: 'Ecs-20140526-DescribeInstances',
    status: 200,
    durationMs: 12,
    bytesIn: 100,
    bytesOut: 200,
    outcome: 'ok',
    reason: null,
    ...overrides,
  };
}

describe('mcp-gate guard edits the settings file', () => {
  it('adds rules first, sets the preset and timeout, lists and removes, keeping the rest of the file', async () => {
    const dir = freshDir();
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ proxy: { port: 9100 }, defaultProfile: 'work' }, null, 2),
    );

    expect((await guardCli(dir, 'deny', 'Ecs-*-Delete*')).code).toBe(0);
    const added = await guardCli(
      dir,
      'allow',
      'Ecs-20140526-DeleteInstance',
      '--server',
      'demo',
      '--client',
      'cursor',
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(
      'Added 1  allow  Ecs-20140526-DeleteInstance  (server demo, client cursor)',
    );
    expect(added.stdout).toContain('no known server is named or has the id "demo"');
    expect((await guardCli(dir, 'ask', 'Rds-*')).code).toBe(0);
    expect((await guardCli(dir, 'preset', 'read-only')).code).toBe(0);
    expect((await guardCli(dir, 'timeout', '90')).code).toBe(0);

    let onDisk = settingsOnDisk(dir);
    expect(onDisk.guard).toEqual({
      preset: 'read-only',
      askTimeoutSeconds: 90,
      rules: [
        { tool: 'Rds-*', server: null, client: null, action: 'ask' },
        { tool: 'Ecs-20140526-DeleteInstance', server: 'demo', client: 'cursor', action: 'allow' },
        { tool: 'Ecs-*-Delete*', server: null, client: null, action: 'deny' },
      ],
    });
    expect(onDisk['defaultProfile']).toBe('work');
    expect((onDisk['proxy'] as { port: number }).port).toBe(9100);

    const listed = await guardCli(dir, 'list');
    expect(listed.stdout).toContain('Preset:      read-only');
    expect(listed.stdout).toMatch(/ {2}3 {2}deny {3}Ecs-\*-Delete\* {2}\(any server, any client\)/);
    const json = JSON.parse((await guardCli(dir, 'list', '--json')).stdout) as {
      rules: { index: number; tool: string }[];
    };
    expect(json.rules.map((r) => [r.index, r.tool])).toEqual([
      [1, 'Rds-*'],
      [2, 'Ecs-20140526-DeleteInstance'],
      [3, 'Ecs-*-Delete*'],
    ]);

    // the same scope again replaces the older rule instead of piling up
    await guardCli(dir, 'deny', 'Rds-*');
    expect((settingsOnDisk(dir).guard['rules'] as unknown[]).length).toBe(3);

    expect((await guardCli(dir, 'remove', '2')).code).toBe(0);
    onDisk = settingsOnDisk(dir);
    expect((onDisk.guard['rules'] as { tool: string }[]).map((r) => r.tool)).toEqual([
      'Rds-*',
      'Ecs-*-Delete*',
    ]);
  });

  it('refuses bad input with the fix named, leaving the file as it was', async () => {
    const dir = freshDir();
    await guardCli(dir, 'deny', 'Ecs-*');
    const before = readFileSync(join(dir, 'settings.json'), 'utf8');
    const cases: readonly [readonly string[], RegExp][] = [
      [['remove', '5'], /There is no Guard rule 5: rules are numbered 1 to 1/],
      [['allow', 'Ecs-*', '--client', 'notepad'], /--client must be one of cursor, /],
      [['allow', 'two words'], /spaces or non-ASCII/],
      [['preset', 'paranoid'], /read-only, ask-before-changes, allow-all/],
      [['timeout', '0'], /whole number of seconds from 1 to 3600/],
    ];
    for (const [args, message] of cases) {
      const result = await guardCli(dir, ...args);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
    }
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(before);
  });
});

describe('mcp-gate activity', () => {
  it('prints entries as JSON lines and as a table, old lines without Guard fields included', async () => {
    const dir = freshDir();
    const log = join(dir, 'activity.jsonl');
    appendFileSync(log, JSON.stringify(entry({ tool: 'old-line' })) + '\n');
    appendFileSync(
      log,
      JSON.stringify(
        entry({
          tool: 'Ecs-20140526-DeleteInstance',
          outcome: 'blocked',
          decision: 'ask-denied',
          guardRule: 'preset ask-before-changes',
          answeredBy: 'timeout',
          decisionMs: 60_000,
        }),
      ) + '\n',
    );
    appendFileSync(log, '{"torn":');

    const json = await runCli(['activity', '--json', '--config-dir', dir]);
    expect(json.code).toBe(0);
    const printed = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ActivityEntry);
    expect(printed.map((e) => e.tool)).toEqual(['old-line', 'Ecs-20140526-DeleteInstance']);
    expect(printed[1]).toMatchObject({ decision: 'ask-denied', answeredBy: 'timeout' });

    const limited = await runCli(['activity', '--json', '--limit', '1', '--config-dir', dir]);
    expect(limited.stdout.trim().split('\n')).toHaveLength(1);

    const table = await runCli(['activity', '--config-dir', dir]);
    expect(table.stdout).toMatch(/^TIME +CLIENT +SERVER +METHOD +TOOL +STATUS +DECISION +LATENCY/);
    expect(table.stdout).toMatch(
      /cursor +demo +tools\/call +Ecs-20140526-DeleteInstance +200 +ask-denied \(timeout\) +12 ms/,
    );
  });

  it('--follow prints new entries as they come, across a rotation', async () => {
    const dir = freshDir();
    const log = openActivityLog({ path: join(dir, 'activity.jsonl'), maxBytes: 1500 });
    log.append(entry({ tool: 'before-0' }));
    await eventually(() => readFileSync(log.path, 'utf8').includes('before-0'));
    const follower = startCli(['activity', '--follow', '--json', '--config-dir', dir]);
    running.push(follower);
    await follower.waitFor(/before-0/);
    for (let i = 1; i <= 8; i++) {
      log.append(entry({ tool: `after-${i}` }));
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await log.close();
    expect(readFileSync(join(dir, 'activity.1.jsonl'), 'utf8')).toContain('after-'); // rotated
    await follower.waitFor(/after-8/);
    const tools = follower
      .stdout()
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as ActivityEntry).tool);
    expect(tools).toEqual(['before-0', ...Array.from({ length: 8 }, (_, i) => `after-${i + 1}`)]);
    await follower.stop();
  });
});

describe('mcp-gate proxy with the Guard', () => {
  async function signedInProxy(dir: string, extra: readonly string[] = []): Promise<string> {
    const cli = startProxyCli(cloud, dir, extra);
    running.push(cli);
    const [, base] = await cli.waitFor(/Listen:\s+(http:\/\/127\.0\.0\.1:\d+)/);
    const [url] = await cli.waitFor(/http:\/\/127\.0\.0\.1:\d+\/oauth2\/v1\/auth\?\S+/);
    expect((await completeSignIn(url)).callbackStatus).toBe(200);
    await cli.waitFor(/Signed in \(profile "default"\)/);
    expect(cli.stdout()).toMatch(/Guard: +\S+/);
    return base ?? '';
  }

  async function sdk(base: string, server: string): Promise<Client> {
    const client = await connectClient(base + serverNamed(cloud, server).mcpPath, 'http');
    clients.push(client);
    return client;
  }

  it('--guard read-only hides and refuses destructive tools', async () => {
    const base = await signedInProxy(freshDir(), ['--guard', 'read-only']);
    const client = await sdk(base, 'demo');
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual([
      'Ecs-20140526-DescribeInstances',
    ]);
    const result = await client.callTool({
      name: 'Ecs-20140526-StartInstance',
      arguments: { InstanceId: 'i-cli-ro' },
    });
    expect(result.isError).toBe(true);
    expect(
      cloud.toolCalls.some((c) => (c.args as { InstanceId?: string }).InstanceId === 'i-cli-ro'),
    ).toBe(false);
  });

  it('by default asks; without a terminal it denies, naming the command that a running proxy then honours', async () => {
    const dir = freshDir();
    const base = await signedInProxy(dir);
    const client = await sdk(base, 'other');
    const denied = await client.callTool({
      name: 'Ecs-20140526-DeleteInstance',
      arguments: { InstanceId: 'i-cli-ask' },
    });
    expect(resultText(denied)).toContain('no terminal or window to ask on');
    expect(resultText(denied)).toContain(
      '`mcp-gate guard allow Ecs-20140526-DeleteInstance --server other`',
    );
    expect(cloud.deletedInstances).not.toContain('i-cli-ask');

    const allowed = await guardCli(
      dir,
      'allow',
      'Ecs-20140526-DeleteInstance',
      '--server',
      'other',
    );
    expect(allowed.code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 600)); // the proxy looks at the file twice a second
    const again = await client.callTool({
      name: 'Ecs-20140526-DeleteInstance',
      arguments: { InstanceId: 'i-cli-ask' },
    });
    expect(again.isError).not.toBe(true);
    expect(cloud.deletedInstances).toContain('i-cli-ask');

    const activity = await runCli(['activity', '--json', '--config-dir', dir]);
    const entries = activity.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ActivityEntry);
    const calls = entries.filter((e) => e.tool === 'Ecs-20140526-DeleteInstance');
    expect(calls.map((e) => [e.decision, e.answeredBy])).toEqual([
      ['ask-denied', 'no-one'],
      ['allow', 'policy'],
    ]);
    expect(calls[1]?.guardRule).toBe('rule 1: allow Ecs-20140526-DeleteInstance (server other)');
  });
});
