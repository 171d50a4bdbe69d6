import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { UiStack } from '../fixtures/ui-stack';

/** The header a configured client sends its local key in. */
const KEY_HEADER = 'X-MCP-Gate-Key';

/** What the proxy answered to a bare JSON-RPC request. */
export interface RawAnswer {
  readonly status: number;
  readonly body: string;
}

/** The proxy URL of one of the local cloud's servers (by name). */
export function proxiedMcpUrl(stack: UiStack, serverName: string): string {
  const base = stack.proxyUrl();
  const server = stack.cloud.servers.find((each) => each.name === serverName);
  if (base === null || server === undefined) throw new Error(`no proxy URL for ${serverName}`);
  return base + server.mcpPath;
}

/** Sends an MCP `initialize` through the proxy with plain fetch and returns status and body. */
export async function postInitialize(url: string, key?: string): Promise<RawAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(key === undefined ? {} : { [KEY_HEADER]: key }),
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'browser-test', version: '1.0.0' },
      },
    }),
  });
  return { status: response.status, body: await response.text() };
}

/** What a tool call answered: its text content, and whether it is an error result. */
export interface ToolResult {
  readonly text: string;
  readonly isError: boolean;
}

/** Calls one tool through the proxy with the MCP SDK client, as an AI client would. */
export async function callTool(
  url: string,
  tool: string,
  args: Record<string, unknown>,
  key?: string,
): Promise<ToolResult> {
  const client = new Client({ name: 'browser-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: key === undefined ? {} : { [KEY_HEADER]: key } },
  });
  try {
    await client.connect(transport);
    const result = await client.callTool({ name: tool, arguments: args });
    const content = Array.isArray(result.content) ? (result.content as unknown[]) : [];
    const text = content
      .map((part) =>
        typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : '',
      )
      .join('\n');
    return { text, isError: result.isError === true };
  } finally {
    await client.close();
  }
}
