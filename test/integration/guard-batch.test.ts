import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '../fixtures/local-cloud';
import {
  cloudAccessToken,
  fixedToken,
  serverNamed,
  startGuardedProxy,
  type GuardedProxy,
} from './guard-harness';

let cloud: LocalCloud;
let token: string;
let gate: GuardedProxy | undefined;

beforeAll(async () => {
  cloud = await startLocalCloud();
  token = await cloudAccessToken(cloud);
});
afterEach(async () => {
  await gate?.close();
  gate = undefined;
});
afterAll(() => cloud.close());

interface Answer {
  readonly status: number;
  readonly type: string;
  readonly messages: readonly Record<string, unknown>[];
}

/** The JSON-RPC messages of an answer: the JSON body, or the data of each SSE event. */
function messagesOf(type: string, text: string): Record<string, unknown>[] {
  if (text === '') return [];
  if (type.startsWith('application/json')) {
    const parsed = JSON.parse(text) as unknown;
    return (Array.isArray(parsed) ? parsed : [parsed]) as Record<string, unknown>[];
  }
  return text
    .split(/\n\n/)
    .map((event) =>
      event
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
        .join('\n'),
    )
    .filter((data) => data !== '')
    .map((data) => JSON.parse(data) as Record<string, unknown>);
}

/** A Streamable HTTP session opened by hand, for bodies the SDK client does not send (batches). */
async function session(url: string): Promise<(body: unknown) => Promise<Answer>> {
  let id: string | null = null;
  const post = async (body: unknown): Promise<Answer> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-06-18',
        ...(id === null ? {} : { 'mcp-session-id': id }),
      },
      body: JSON.stringify(body),
    });
    id ??= response.headers.get('mcp-session-id');
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, type, messages: messagesOf(type, await response.text()) };
  };
  await post({
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'batch', version: '1' },
    },
  });
  await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return post;
}

function call(id: number | string, name: string, instance?: string): Record<string, unknown> {
  return {
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name, arguments: instance === undefined ? {} : { InstanceId: instance } },
  };
}

function callsTo(instance: string): number {
  return cloud.toolCalls.filter((c) => (c.args as { InstanceId?: string }).InstanceId === instance)
    .length;
}

describe('batches mixing allowed and denied calls (read-only preset)', () => {
  it.each([
    { server: 'other', answers: 'application/json' },
    { server: 'demo', answers: 'text/event-stream' },
  ])(
    'forwards only the allowed calls and answers the denied ones ($server answers $answers)',
    async ({ server, answers }) => {
      gate = await startGuardedProxy({
        upstreamUrl: cloud.upstreamUrl,
        tokens: fixedToken(token),
        preset: 'read-only',
      });
      const post = await session(gate.proxy.url + serverNamed(cloud, server).mcpPath);
      const describesBefore = cloud.toolCalls.filter(
        (c) => c.tool === 'Ecs-20140526-DescribeInstances',
      ).length;
      const answer = await post([
        call(1, 'Ecs-20140526-DescribeInstances'),
        call(2, 'Ecs-20140526-DeleteInstance', `i-batch-${server}`),
        { jsonrpc: '2.0', id: 3, method: 'tools/list' },
        call('4', 'Ecs-20140526-StartInstance', `i-batch4-${server}`),
        // a tools/call notification (no id): denied silently, never forwarded
        { ...call(5, 'Ecs-20140526-DeleteInstance', `i-batch5-${server}`), id: undefined },
      ]);
      expect(answer.status).toBe(200);
      expect(answer.type).toContain(answers);
      const byId = new Map(answer.messages.map((m) => [JSON.stringify(m['id']), m]));
      expect([...byId.keys()].sort()).toEqual(['"4"', '1', '2', '3']);
      if (answers === 'application/json') {
        expect(answer.messages.map((m) => m['id'])).toEqual([1, 2, 3, '4']);
      }
      expect(byId.get('1')).toMatchObject({ result: { content: [{ type: 'text' }] } });
      expect(byId.get('1')?.['result']).not.toHaveProperty('isError');
      expect(byId.get('2')).toMatchObject({ result: { isError: true } });
      expect(byId.get('"4"')).toMatchObject({ result: { isError: true } });
      const tools = (byId.get('3')?.['result'] as { tools: { name: string }[] }).tools;
      expect(tools.map((t) => t.name)).toEqual(['Ecs-20140526-DescribeInstances']);

      expect(callsTo(`i-batch-${server}`)).toBe(0);
      expect(callsTo(`i-batch4-${server}`)).toBe(0);
      expect(callsTo(`i-batch5-${server}`)).toBe(0);
      expect(
        cloud.toolCalls.filter((c) => c.tool === 'Ecs-20140526-DescribeInstances').length,
      ).toBe(describesBefore + 1);
      const entry = gate.activity.at(-1);
      expect(entry).toMatchObject({ decision: 'deny', outcome: 'ok', toolsHidden: 3 });
      expect(entry?.tool).toBe(
        'Ecs-20140526-DescribeInstances,Ecs-20140526-DeleteInstance,Ecs-20140526-StartInstance,Ecs-20140526-DeleteInstance',
      );
    },
  );

  it('answers a batch of denied calls itself, sending nothing upstream', async () => {
    gate = await startGuardedProxy({
      upstreamUrl: cloud.upstreamUrl,
      tokens: fixedToken(token),
      preset: 'read-only',
    });
    const post = await session(gate.proxy.url + serverNamed(cloud, 'other').mcpPath);
    const before = cloud.upstreamRequests.length;
    const answer = await post([
      call(1, 'Ecs-20140526-DeleteInstance', 'i-all-1'),
      call(2, 'Ecs-20140526-StartInstance', 'i-all-2'),
    ]);
    expect(answer.type).toContain('application/json');
    expect(
      answer.messages.map((m) => [m['id'], (m['result'] as { isError: boolean }).isError]),
    ).toEqual([
      [1, true],
      [2, true],
    ]);
    expect(cloud.upstreamRequests.length).toBe(before);
    expect(gate.activity.at(-1)).toMatchObject({ outcome: 'blocked', decision: 'deny' });
  });
});
