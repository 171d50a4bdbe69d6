import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const KEY = 'local-key-for-claude-desktop';
const PATH = '/accounts/1/custom/demo/id/abc/mcp';
const seenKeys: (string | undefined)[] = [];
let server: Server;
let url: string;

function mcpServer(): McpServer {
  const mcp = new McpServer({ name: 'demo', version: '1.0.0' }, { capabilities: { logging: {} } });
  mcp.registerTool('echo', { inputSchema: { text: z.string() } }, async ({ text }, extra) => {
    await extra.sendNotification({
      method: 'notifications/message',
      params: { level: 'info', data: `echoing ${text}` },
    });
    return { content: [{ type: 'text', text }] };
  });
  return mcp;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const key = req.headers['x-mcp-gate-key'];
  seenKeys.push(typeof key === 'string' ? key : undefined);
  if (req.url !== PATH) {
    res.writeHead(404).end();
    return;
  }
  if (key !== KEY) {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32001, message: 'missing or wrong X-MCP-Gate-Key' },
      }),
    );
    return;
  }
  if (req.method !== 'POST') {
    res.writeHead(405).end();
    return;
  }
  const transport = new StreamableHTTPServerTransport({});
  const mcp = mcpServer();
  res.on('close', () => {
    void transport.close();
    void mcp.close();
  });
  await mcp.connect(transport);
  await transport.handleRequest(req, res);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${PATH}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function bridgeClient(env: Record<string, string>): {
  client: Client;
  transport: StdioClientTransport;
} {
  const script = fileURLToPath(new URL('./bridge-runner.ts', import.meta.url));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', script, url],
    env: { PATH: process.env['PATH'] ?? '', ...env },
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    stderr: 'pipe',
  });
  return { client: new Client({ name: 'claude-desktop-stand-in', version: '1.0.0' }), transport };
}

describe('mcp-gate bridge (stdio ↔ Streamable HTTP)', () => {
  it('forwards requests, results and notifications both ways, sending the key from MCP_GATE_KEY', async () => {
    const { client, transport } = bridgeClient({ MCP_GATE_KEY: KEY });
    const logs: unknown[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      logs.push(n.params.data);
    });
    seenKeys.length = 0;
    await client.connect(transport);
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toEqual(['echo']);
    const result = await client.callTool({ name: 'echo', arguments: { text: 'hi' } });
    expect(result.content).toEqual([{ type: 'text', text: 'hi' }]);
    expect(logs).toEqual(['echoing hi']);
    const missing = await client.callTool({ name: 'nope', arguments: {} });
    expect(missing.isError).toBe(true);
    await client.close();
    expect(seenKeys.length).toBeGreaterThan(0);
    expect(seenKeys.every((k) => k === KEY)).toBe(true);
  });

  it('answers with a JSON-RPC error naming the fix when the proxy refuses the key', async () => {
    const { client, transport } = bridgeClient({ MCP_GATE_KEY: 'wrong' });
    const error = await client.connect(transport).catch((e: unknown) => e);
    expect(String(error)).toMatch(/MCP Gate bridge: the proxy refused the local key/);
    await client.close();
  });
});
