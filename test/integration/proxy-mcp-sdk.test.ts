import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CUSTOM_MCP,
  CUSTOM_SSE,
  startStub,
  startTestProxy,
  type Stub,
  type TestProxy,
} from './proxy-harness';

let stub: Stub;
let gate: TestProxy;
let client: Client | undefined;

afterEach(async () => {
  await client?.close();
  client = undefined;
  await gate?.close();
  await stub?.close();
});

function mcpServer(): McpServer {
  const server = new McpServer({ name: 'cloud-stub', version: '1.0.0' });
  server.registerTool(
    'Ecs-20140526-DescribeInstances',
    { description: 'Lists instances', inputSchema: { RegionId: z.string() } },
    ({ RegionId }) => ({ content: [{ type: 'text', text: `instances in ${RegionId}` }] }),
  );
  return server;
}

function authorized(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.headers.authorization === 'Bearer t1-secret') return true;
  res.writeHead(401).end();
  return false;
}

describe('a real MCP session through the proxy', () => {
  it('works with Streamable HTTP', async () => {
    const sessions = new Map<string, StreamableHTTPServerTransport>();
    stub = await startStub(
      (req, res) => {
        if (!authorized(req, res)) return;
        const id = req.headers['mcp-session-id'];
        let transport = typeof id === 'string' ? sessions.get(id) : undefined;
        if (transport === undefined) {
          const created = new StreamableHTTPServerTransport({
            sessionIdGenerator: () => randomUUID(),
            onsessioninitialized: (sid) => void sessions.set(sid, created),
          });
          transport = created;
          void mcpServer().connect(created);
        }
        void transport.handleRequest(req, res);
      },
      { streaming: true },
    );
    gate = await startTestProxy(stub.url);
    client = new Client({ name: 'test-client', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(gate.proxy.url + CUSTOM_MCP)));
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toEqual(['Ecs-20140526-DescribeInstances']);
    const result = await client.callTool({
      name: 'Ecs-20140526-DescribeInstances',
      arguments: { RegionId: 'cn-hangzhou' },
    });
    expect(result.content).toEqual([{ type: 'text', text: 'instances in cn-hangzhou' }]);
    expect(
      gate.activity.some(
        (e) => e.rpcMethod === 'tools/call' && e.tool === 'Ecs-20140526-DescribeInstances',
      ),
    ).toBe(true);
    expect(gate.activity.some((e) => e.rpcMethod === 'initialize')).toBe(true);
    expect(JSON.stringify(gate.activity)).not.toContain('cn-hangzhou');
  });

  it('works with the legacy SSE transport', async () => {
    const transports = new Map<string, SSEServerTransport>();
    stub = await startStub(
      (req, res) => {
        if (!authorized(req, res)) return;
        const url = new URL(req.url ?? '/', 'http://upstream');
        if (req.method === 'GET' && url.pathname === CUSTOM_SSE) {
          const transport = new SSEServerTransport(
            '/accounts/1234/custom/demo/id/abc123/messages',
            res,
          );
          transports.set(transport.sessionId, transport);
          void mcpServer().connect(transport);
          return;
        }
        const transport = transports.get(url.searchParams.get('sessionId') ?? '');
        if (transport === undefined) return void res.writeHead(404).end();
        void transport.handlePostMessage(req, res);
      },
      { streaming: true },
    );
    gate = await startTestProxy(stub.url);
    client = new Client({ name: 'test-client', version: '1.0.0' });
    await client.connect(new SSEClientTransport(new URL(gate.proxy.url + CUSTOM_SSE)));
    const result = await client.callTool({
      name: 'Ecs-20140526-DescribeInstances',
      arguments: { RegionId: 'cn-shanghai' },
    });
    expect(result.content).toEqual([{ type: 'text', text: 'instances in cn-shanghai' }]);
    expect(stub.received.every((r) => r.headers.authorization === 'Bearer t1-secret')).toBe(true);
  });
});
