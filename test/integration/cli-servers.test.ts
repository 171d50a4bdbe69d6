import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  completeSignIn,
  DEFAULT_ACCESS_KEY,
  startLocalCloud,
  type LocalCloud,
} from '../fixtures/local-cloud';
import { runCli, startProxyCli, type CliProcess } from './cli-harness';

let cloud: LocalCloud;
const running: CliProcess[] = [];

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
  await cloud.close();
});

function proxy(
  configDir: string,
  extra: readonly string[],
  env: NodeJS.ProcessEnv = {},
): CliProcess {
  const cli = startProxyCli(cloud, configDir, extra, env);
  running.push(cli);
  return cli;
}

describe('servers at proxy start-up', () => {
  it('lists the account servers with an AccessKey, marks the rules and reports a rule that matches nothing', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'mcp-gate-srv-'));
    const cli = proxy(configDir, ['--blocked-servers', 'other,/no/such/prefix'], {
      ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY.accessKeySecret,
    });
    const [, port] = await cli.waitFor(/Listen:\s+http:\/\/127\.0\.0\.1:(\d+)/);
    await cli.waitFor(
      /Warning: --blocked-servers entry "\/no\/such\/prefix" matches no known server/,
    );
    const out = cli.stdout();
    expect(out).toContain('AccessKey from environment');
    expect(out).toMatch(/- demo {2}\[/);
    expect(out).toContain('- other (blocked)');
    expect(out).toContain(
      `MCP: http://127.0.0.1:${port}/accounts/${cloud.accountId}/custom/demo/id/demoId0001/mcp`,
    );
    expect(out).not.toContain('"other" matches no known server');
    expect(out + cli.stderr()).not.toContain(DEFAULT_ACCESS_KEY.accessKeySecret);
  });

  it('remembers a server first seen in proxied traffic, marked as such', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'mcp-gate-srv-'));
    const cli = proxy(configDir, []);
    const [, base] = await cli.waitFor(/Listen:\s+(http:\/\/127\.0\.0\.1:\d+)/);
    await cli.waitFor(/No AccessKey/);
    const [url] = await cli.waitFor(/http:\/\/127\.0\.0\.1:\d+\/oauth2\/v1\/auth\?\S+/);
    expect((await completeSignIn(url)).callbackStatus).toBe(200);
    await cli.waitFor(/Signed in/);
    const demo = cloud.servers[0];
    if (demo === undefined) throw new Error('fixture incomplete');
    const client = new Client({ name: 't', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}${demo.mcpPath}`)));
    await client.listTools();
    await client.close();
    await cli.stop();
    const settings = JSON.parse(readFileSync(join(configDir, 'settings.json'), 'utf8')) as {
      servers: { name: string; origin: string; paths: { mcp: string } }[];
    };
    expect(settings.servers).toEqual([
      expect.objectContaining({
        name: demo.name,
        origin: 'seen-in-traffic',
        paths: expect.objectContaining({ mcp: demo.mcpPath }),
      }),
    ]);
    const listed = await runCli([
      'servers',
      '--json',
      '--config-dir',
      configDir,
      '--token-store',
      'file',
    ]);
    expect(listed.code, listed.stderr).toBe(0);
    const report = JSON.parse(listed.stdout) as { servers: { name: string; origin: string }[] };
    expect(report.servers).toEqual([
      expect.objectContaining({ name: demo.name, origin: 'seen-in-traffic' }),
    ]);
  });
});
