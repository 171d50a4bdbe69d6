import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '../fixtures/local-cloud';
import {
  cloudAccessToken,
  connectClient,
  fixedToken,
  resultText,
  serverNamed,
  startGuardedProxy,
  type GuardedProxy,
} from './guard-harness';
import { eventually } from './proxy-harness';

let cloud: LocalCloud;
let token: string;
let gate: GuardedProxy | undefined;
const clients: Client[] = [];

beforeAll(async () => {
  cloud = await startLocalCloud();
  token = await cloudAccessToken(cloud);
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await gate?.close();
  gate = undefined;
});
afterAll(() => cloud.close());

async function client(path: string, transport: 'http' | 'sse'): Promise<Client> {
  if (gate === undefined) throw new Error('no proxy');
  const connected = await connectClient(gate.proxy.url + path, transport);
  clients.push(connected);
  return connected;
}

function deletesOf(instance: string): number {
  return cloud.toolCalls.filter(
    (call) =>
      call.tool === 'Ecs-20140526-DeleteInstance' &&
      (call.args as { InstanceId?: string }).InstanceId === instance,
  ).length;
}

describe('the read-only preset through the proxy', () => {
  it.each([
    { server: 'demo', transport: 'http' as const, answers: 'SSE' },
    { server: 'other', transport: 'http' as const, answers: 'JSON' },
    { server: 'demo', transport: 'sse' as const, answers: 'the legacy SSE stream' },
  ])(
    'hides and refuses destructive tools ($server, answers over $answers); the upstream sees no such call',
    async ({ server, transport }) => {
      gate = await startGuardedProxy({
        upstreamUrl: cloud.upstreamUrl,
        tokens: fixedToken(token),
        preset: 'read-only',
      });
      const mounted = serverNamed(cloud, server);
      const sdk = await client(transport === 'http' ? mounted.mcpPath : mounted.ssePath, transport);

      const tools = (await sdk.listTools()).tools.map((tool) => tool.name);
      expect(tools).toEqual(['Ecs-20140526-DescribeInstances']);

      const instance = `i-ro-${server}-${transport}`;
      const denied = await sdk.callTool({
        name: 'Ecs-20140526-DeleteInstance',
        arguments: { InstanceId: instance },
      });
      expect(denied.isError).toBe(true);
      expect(resultText(denied)).toContain('did not run the tool Ecs-20140526-DeleteInstance');
      expect(resultText(denied)).toContain(
        `mcp-gate guard allow Ecs-20140526-DeleteInstance --server ${server}`,
      );
      expect(deletesOf(instance)).toBe(0);

      const described = await sdk.callTool({
        name: 'Ecs-20140526-DescribeInstances',
        arguments: {},
      });
      expect(described.isError).not.toBe(true);

      const entry = gate.activity.find((e) => e.tool === 'Ecs-20140526-DeleteInstance');
      expect(entry).toMatchObject({
        rpcMethod: 'tools/call',
        decision: 'deny',
        guardRule: 'preset read-only',
        answeredBy: 'policy',
      });
      // the body the Guard read and parsed is counted and peeked at from the parse
      expect(entry?.bytesIn).toBeGreaterThan(instance.length);
      // the tools list travels on the GET stream for the legacy transport: recorded when it closes
      await sdk.close();
      const guarded = gate;
      await eventually(() => guarded.activity.some((e) => e.toolsHidden === 3));
      expect(JSON.stringify(gate.activity)).not.toContain(instance);
    },
  );
});

describe('switching the preset while clients are connected', () => {
  it('applies to the next call; a legacy SSE stream opened under allow-all gets its denial in the POST', async () => {
    gate = await startGuardedProxy({
      upstreamUrl: cloud.upstreamUrl,
      tokens: fixedToken(token),
      preset: 'allow-all',
    });
    const mounted = serverNamed(cloud, 'demo');
    const legacy = await client(mounted.ssePath, 'sse');
    const http = await client(mounted.mcpPath, 'http');
    expect((await http.listTools()).tools).toHaveLength(4);

    gate.settings.update((s) => ({ ...s, guard: { ...s.guard, preset: 'read-only' } }));
    expect((await http.listTools()).tools.map((t) => t.name)).toEqual([
      'Ecs-20140526-DescribeInstances',
    ]);
    const denied = await http.callTool({
      name: 'Ecs-20140526-DeleteInstance',
      arguments: { InstanceId: 'i-switch-http' },
    });
    expect(denied.isError).toBe(true);
    await expect(
      legacy.callTool({
        name: 'Ecs-20140526-DeleteInstance',
        arguments: { InstanceId: 'i-switch-sse' },
      }),
    ).rejects.toThrow(/HTTP 403.*did not run the tool Ecs-20140526-DeleteInstance/);
    expect(deletesOf('i-switch-http') + deletesOf('i-switch-sse')).toBe(0);
  });
});
