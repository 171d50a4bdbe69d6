import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GuardAnswer } from '../../shared/ipc/views';
import {
  waitForAnswer,
  type Asker,
  type GuardQuestion,
} from '../../electron/core/guard/guard-broker';
import { startLocalCloud, type LocalCloud } from '../fixtures/local-cloud';
import {
  cloudAccessToken,
  connectClient,
  fixedToken,
  resultText,
  serverNamed,
  startGuardedProxy,
  type GuardedProxy,
  type GuardedProxyOptions,
} from './guard-harness';
import { eventually } from './proxy-harness';

let cloud: LocalCloud;
let token: string;
const gates: GuardedProxy[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  cloud = await startLocalCloud();
  token = await cloudAccessToken(cloud);
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(gates.splice(0).map((g) => g.close()));
});
afterAll(() => cloud.close());

async function guarded(options: Partial<GuardedProxyOptions>): Promise<GuardedProxy> {
  const gate = await startGuardedProxy({
    upstreamUrl: cloud.upstreamUrl,
    tokens: fixedToken(token),
    ...options,
  });
  gates.push(gate);
  return gate;
}

async function sdk(gate: GuardedProxy, server = 'other'): Promise<Client> {
  const connected = await connectClient(
    gate.proxy.url + serverNamed(cloud, server).mcpPath,
    'http',
  );
  clients.push(connected);
  return connected;
}

/** An asker that records each question and answers with `answer` after `delayMs`. */
function answering(answer: GuardAnswer, delayMs = 0): { asker: Asker; asked: GuardQuestion[] } {
  const asked: GuardQuestion[] = [];
  return {
    asked,
    asker: async (question) => {
      asked.push(question);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return answer;
    },
  };
}

function callsTo(instance: string): number {
  return cloud.toolCalls.filter(
    (call) => (call.args as { InstanceId?: string }).InstanceId === instance,
  ).length;
}

describe('asking a person before changes', () => {
  it('allow once reaches the upstream exactly once, and the person saw server, tool and arguments', async () => {
    const { asker, asked } = answering('allow-once');
    const gate = await guarded({ asker });
    const client = await sdk(gate);
    const tools = (await client.listTools()).tools.map((t) => t.name);
    expect(tools).toContain('Ecs-20140526-DeleteInstance'); // asked tools stay visible

    const result = await client.callTool({
      name: 'Ecs-20140526-DeleteInstance',
      arguments: { InstanceId: 'i-once' },
    });
    expect(result.isError).not.toBe(true);
    expect(callsTo('i-once')).toBe(1);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({
      call: { tool: 'Ecs-20140526-DeleteInstance', server: 'other', client: null },
      arguments: { InstanceId: 'i-once' },
      basis: 'preset ask-before-changes',
    });
    // reads are not asked
    await client.callTool({ name: 'Ecs-20140526-DescribeInstances', arguments: {} });
    expect(asked).toHaveLength(1);
    expect(gate.activity.find((e) => e.tool === 'Ecs-20140526-DeleteInstance')).toMatchObject({
      decision: 'ask-allowed',
      answeredBy: 'person',
      guardRule: 'preset ask-before-changes',
    });
    expect(JSON.stringify(gate.activity)).not.toContain('i-once');
  });

  it('denies when nobody answers within the timeout; the upstream sees nothing', async () => {
    const gate = await guarded({ asker: waitForAnswer, askTimeoutMs: 300 });
    const client = await sdk(gate);
    const started = Date.now();
    const result = await client.callTool({
      name: 'Ecs-20140526-DeleteInstance',
      arguments: { InstanceId: 'i-timeout' },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain('nobody answered within 0.3 seconds');
    expect(callsTo('i-timeout')).toBe(0);
    expect(gate.broker.pending()).toEqual([]);
    const entry = gate.activity.find((e) => e.tool === 'Ecs-20140526-DeleteInstance');
    expect(entry).toMatchObject({
      decision: 'ask-denied',
      answeredBy: 'timeout',
      outcome: 'blocked',
    });
    expect(entry?.decisionMs).toBeGreaterThanOrEqual(250);
  });

  it('a person saying deny keeps the call from the upstream, and the model is told why', async () => {
    const gate = await guarded({ asker: answering('deny').asker });
    const client = await sdk(gate, 'demo');
    const result = await client.callTool({
      name: 'Ecs-20140526-StartInstance',
      arguments: { InstanceId: 'i-denied' },
    });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain('the person at the computer running MCP Gate denied it');
    expect(callsTo('i-denied')).toBe(0);
    expect(gate.activity.find((e) => e.tool === 'Ecs-20140526-StartInstance')).toMatchObject({
      decision: 'ask-denied',
      answeredBy: 'person',
    });
  });

  it('with nobody to ask, denies at once and says how to allow it', async () => {
    const gate = await guarded({ asker: null });
    const client = await sdk(gate);
    const result = await client.callTool({
      name: 'Ecs-20140526-DeleteInstance',
      arguments: { InstanceId: 'i-no-one' },
    });
    expect(resultText(result)).toContain('no terminal or window to ask on');
    expect(resultText(result)).toContain(
      '`mcp-gate guard allow Ecs-20140526-DeleteInstance --server other`',
    );
    expect(callsTo('i-no-one')).toBe(0);
  });

  it('"always allow" writes a rule that persists across a restart', async () => {
    const first = await guarded({ asker: answering('always-allow').asker });
    const client = await sdk(first);
    await client.callTool({
      name: 'Ecs-20140526-DeleteInstance',
      arguments: { InstanceId: 'i-a1' },
    });
    expect(callsTo('i-a1')).toBe(1);
    const onDisk = JSON.parse(readFileSync(first.settings.path, 'utf8')) as {
      guard: { rules: unknown[] };
    };
    expect(onDisk.guard.rules).toEqual([
      { tool: 'Ecs-20140526-DeleteInstance', server: 'other', client: null, action: 'allow' },
    ]);
    await client.close();
    await first.close();

    const never = answering('deny');
    const second = await guarded({ configDir: first.configDir, asker: never.asker });
    const again = await sdk(second);
    const result = await again.callTool({
      name: 'Ecs-20140526-DeleteInstance',
      arguments: { InstanceId: 'i-a2' },
    });
    expect(result.isError).not.toBe(true);
    expect(callsTo('i-a2')).toBe(1);
    expect(never.asked).toHaveLength(0);
    expect(second.activity.find((e) => e.tool === 'Ecs-20140526-DeleteInstance')).toMatchObject({
      decision: 'allow',
      guardRule: 'rule 1: allow Ecs-20140526-DeleteInstance (server other)',
    });
    // another server is still asked
    const demo = await sdk(second, 'demo');
    await demo.callTool({ name: 'Ecs-20140526-DeleteInstance', arguments: { InstanceId: 'i-a3' } });
    expect(never.asked).toHaveLength(1);
    expect(callsTo('i-a3')).toBe(0);
  });

  it('keeps the request open with SSE keep-alive comments while asking, then answers', async () => {
    const gate = await guarded({ asker: answering('allow-once', 450).asker, keepAliveMs: 100 });
    const client = await sdk(gate);
    const session = (client.transport as { sessionId?: string } | undefined)?.sessionId ?? '';
    const response = await fetch(gate.proxy.url + serverNamed(cloud, 'other').mcpPath, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': session,
        'mcp-protocol-version': '2025-06-18',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 42,
        method: 'tools/call',
        params: { name: 'Ecs-20140526-DeleteInstance', arguments: { InstanceId: 'i-kept' } },
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const text = await response.text();
    expect(text.match(/^: keep-alive/gm)?.length ?? 0).toBeGreaterThanOrEqual(2);
    const data = /^data: (.*)$/m.exec(text)?.[1] ?? '';
    expect(JSON.parse(data)).toMatchObject({ jsonrpc: '2.0', id: 42, result: { content: [{}] } });
    expect(callsTo('i-kept')).toBe(1);

    // the SDK client rides the same kind of answer from an SSE-answering server
    const demo = await sdk(gate, 'demo');
    const result = await demo.callTool({
      name: 'Ecs-20140526-DeleteInstance',
      arguments: { InstanceId: 'i-kept-sse' },
    });
    expect(result.isError).not.toBe(true);
    expect(callsTo('i-kept-sse')).toBe(1);
  });

  it('queues several questions, shows them in pending(), and settles each once', async () => {
    const gate = await guarded({ asker: waitForAnswer, askTimeoutMs: 10_000 });
    const client = await sdk(gate);
    const calls = ['i-q1', 'i-q2'].map((id) =>
      client.callTool({ name: 'Ecs-20140526-DeleteInstance', arguments: { InstanceId: id } }),
    );
    await eventually(() => gate.broker.pending().length === 2);
    const [first, second] = gate.broker.pending();
    expect(first).toMatchObject({ server: 'other', tool: 'Ecs-20140526-DeleteInstance' });
    expect(first?.arguments).toContain('"InstanceId": "i-q');
    expect(gate.broker.answer(first?.id ?? '', 'deny')).toBe(true);
    expect(gate.broker.answer(first?.id ?? '', 'allow-once')).toBe(false);
    expect(gate.broker.answer(second?.id ?? '', 'allow-once')).toBe(true);
    const results = await Promise.all(calls);
    expect(results.filter((r) => r.isError === true)).toHaveLength(1);
    expect(callsTo('i-q1') + callsTo('i-q2')).toBe(1);
    expect(gate.broker.pending()).toEqual([]);
  });

  it('drops the question when the client goes away; nothing reaches the upstream', async () => {
    const gate = await guarded({ asker: waitForAnswer, askTimeoutMs: 10_000 });
    const client = await sdk(gate);
    const session = (client.transport as { sessionId?: string } | undefined)?.sessionId ?? '';
    const controller = new AbortController();
    const request = fetch(gate.proxy.url + serverNamed(cloud, 'other').mcpPath, {
      method: 'POST',
      signal: controller.signal,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'mcp-session-id': session,
        'mcp-protocol-version': '2025-06-18',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: { name: 'Ecs-20140526-DeleteInstance', arguments: { InstanceId: 'i-gone' } },
      }),
    }).catch(() => null);
    await eventually(() => gate.broker.pending().length === 1);
    controller.abort();
    await request;
    await eventually(() => gate.broker.pending().length === 0);
    await eventually(() => gate.activity.some((e) => e.answeredBy === 'client-gone'));
    expect(gate.activity.at(-1)).toMatchObject({
      outcome: 'client-aborted',
      decision: 'ask-denied',
      guardRule: 'preset ask-before-changes',
    });
    expect(callsTo('i-gone')).toBe(0);
  });
});
