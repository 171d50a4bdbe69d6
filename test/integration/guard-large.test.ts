import { randomUUID } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, fixedToken, startGuardedProxy, type GuardedProxy } from './guard-harness';
import { CUSTOM_MCP, paddedToolCall, postJson, send, startStub, type Stub } from './proxy-harness';

const TOOL_COUNT = 2000;
const DESCRIPTION = 'x'.repeat(2600);
/** Every tenth tool deletes: the read-only preset hides it. */
const toolName = (i: number): string =>
  `Big-20240101-${i % 10 === 0 ? 'Delete' : 'Describe'}Thing${String(i).padStart(4, '0')}`;

let stub: Stub | undefined;
let gate: GuardedProxy | undefined;
let client: Client | undefined;
const called: string[] = [];

afterEach(async () => {
  await client?.close();
  await gate?.close();
  await stub?.close();
  client = undefined;
  gate = undefined;
  stub = undefined;
});

/** An SDK MCP server with 2,000 tools whose tools/list answer is over 5 MB. */
function bigServer(): McpServer {
  const server = new McpServer({ name: 'big', version: '1.0.0' });
  for (let i = 0; i < TOOL_COUNT; i++) {
    const name = toolName(i);
    server.registerTool(name, { description: DESCRIPTION }, () => {
      called.push(name);
      return { content: [{ type: 'text', text: 'ok' }] };
    });
  }
  return server;
}

async function startBigUpstream(json: boolean): Promise<Stub> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  return startStub(
    (req, res) => {
      const id = req.headers['mcp-session-id'];
      let transport = typeof id === 'string' ? sessions.get(id) : undefined;
      if (transport === undefined) {
        const created = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          enableJsonResponse: json,
          onsessioninitialized: (sid) => void sessions.set(sid, created),
        });
        transport = created;
        void bigServer().connect(created);
      }
      void transport.handleRequest(req, res);
    },
    { streaming: true },
  );
}

describe('a 5 MB tools/list through the Guard', () => {
  it.each([{ json: true }, { json: false }])(
    'streams to the client filtered (JSON answer: $json)',
    async ({ json }) => {
      expect(TOOL_COUNT * DESCRIPTION.length).toBeGreaterThan(5_000_000);
      stub = await startBigUpstream(json);
      gate = await startGuardedProxy({
        upstreamUrl: stub.url,
        tokens: fixedToken('t'),
        preset: 'read-only',
      });
      client = await connectClient(gate.proxy.url + CUSTOM_MCP, 'http');
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(TOOL_COUNT - TOOL_COUNT / 10);
      expect(
        tools.every((t) => t.name.includes('-Describe') && t.description === DESCRIPTION),
      ).toBe(true);
      expect(gate.activity.find((e) => e.rpcMethod === 'tools/list')?.toolsHidden).toBe(200);
      expect(gate.activity.find((e) => e.rpcMethod === 'tools/list')?.bytesOut).toBeGreaterThan(
        4_500_000,
      );
    },
  );

  it('passes an answer over the filter limit on unfiltered, says so once, and still refuses denied calls', async () => {
    stub = await startBigUpstream(false);
    gate = await startGuardedProxy({
      upstreamUrl: stub.url,
      tokens: fixedToken('t'),
      preset: 'read-only',
      filterBytes: 1024 * 1024,
    });
    client = await connectClient(gate.proxy.url + CUSTOM_MCP, 'http');
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(TOOL_COUNT);
    expect(gate.logs().filter((l) => l.msg.startsWith('SSE event too large'))).toHaveLength(1);
    const result = await client.callTool({ name: toolName(10), arguments: {} });
    expect(result.isError).toBe(true);
    expect(called).not.toContain(toolName(10));
  });

  it('allow-all with no rules reads no body: a body over the Guard limit still passes', async () => {
    stub = await startStub((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"jsonrpc":"2.0","id":1,"result":{}}');
    });
    gate = await startGuardedProxy({
      upstreamUrl: stub.url,
      tokens: fixedToken('t'),
      preset: 'allow-all',
      requestBytes: 1024,
    });
    const body = paddedToolCall(1, 'Ecs-20140526-DeleteInstance', 4096);
    const answer = await postJson(gate.proxy.url, body);
    expect(answer.status).toBe(200);
    expect(stub.received[0]?.body).toBe(body);
    expect(gate.activity[0]).not.toHaveProperty('decision');
  });

  it('refuses a body over the Guard limit when calls are checked, before the upstream', async () => {
    stub = await startStub((_req, res) => res.writeHead(200).end('{}'));
    gate = await startGuardedProxy({
      upstreamUrl: stub.url,
      tokens: fixedToken('t'),
      preset: 'read-only',
      requestBytes: 1024,
    });
    const answer = await send(gate.proxy.url, {
      method: 'POST',
      path: CUSTOM_MCP,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'x', arguments: { pad: 'p'.repeat(4096) } },
      }),
    });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('mcp-gate guard preset allow-all');
    expect(stub.received).toHaveLength(0);
  });
});
