import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  isInitializeRequest,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import { BRIDGE_KEY_ENV, CLIENT_KEY_HEADER } from '../../../shared/clients';
import { UserError } from '../errors';

/** Options of runStdioBridge. */
export interface StdioBridgeOptions {
  /** The proxy's Streamable HTTP URL of one server. */
  readonly url: string;
  /** The client's local key, sent as `X-MCP-Gate-Key`; null sends none. */
  readonly key: string | null;
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  /** Told about transport problems (never the key); default: one line on stderr. */
  readonly onDiagnostic?: (message: string) => void;
}

/** A running bridge. */
export interface StdioBridge {
  /** Resolves when either side has closed. */
  readonly closed: Promise<void>;
  /** Ends the HTTP session (DELETE) and closes both sides. */
  close(): Promise<void>;
}

/** JSON-RPC "internal error"-range code the bridge answers with when the proxy cannot be reached. */
export const BRIDGE_ERROR_CODE = -32000;

/** Reads the bridge's key from the environment (`MCP_GATE_KEY`); null when unset or empty. */
export function bridgeKeyFromEnv(env: Readonly<Record<string, string | undefined>>): string | null {
  const key = env[BRIDGE_KEY_ENV];
  return key === undefined || key.trim() === '' ? null : key.trim();
}

/**
 * `mcp-gate bridge <url>`: a stdio ↔ Streamable HTTP bridge for clients that only start stdio
 * servers (Claude Desktop). Every JSON-RPC message is forwarded unchanged both ways (requests,
 * responses, notifications, errors); a request the proxy refuses or cannot take is answered on
 * stdio with a JSON-RPC error naming the cause, so the client never hangs.
 */
export async function runStdioBridge(options: StdioBridgeOptions): Promise<StdioBridge> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new UserError(
      'bad-flag',
      `The bridge URL "${options.url.slice(0, 200)}" is not a URL: pass the proxy URL of a server, e.g. http://127.0.0.1:8088/accounts/…/mcp.`,
    );
  }
  const diagnostic =
    options.onDiagnostic ??
    ((message: string) => process.stderr.write(`mcp-gate bridge: ${message}\n`));
  const headers: Record<string, string> =
    options.key === null ? {} : { [CLIENT_KEY_HEADER]: options.key };
  const local = new StdioServerTransport(options.stdin, options.stdout);
  const remote = new StreamableHTTPClientTransport(url, { requestInit: { headers } });
  const initializeIds = new Set<RequestId>();
  let closing = false;
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });

  const close = async (): Promise<void> => {
    if (closing) return closed;
    closing = true;
    try {
      await remote.terminateSession();
    } catch {
      // the proxy may be gone already
    }
    await remote.close().catch(() => undefined);
    await local.close().catch(() => undefined);
    resolveClosed();
    return closed;
  };

  local.onmessage = (message: JSONRPCMessage) => {
    if (isJSONRPCRequest(message) && isInitializeRequest(message)) initializeIds.add(message.id);
    remote.send(message).catch((error: unknown) => {
      const reason = describe(error);
      diagnostic(reason);
      if (isJSONRPCRequest(message)) {
        void local.send(errorResponse(message.id, reason));
      }
    });
  };
  remote.onmessage = (message: JSONRPCMessage) => {
    if (isJSONRPCResultResponse(message) && initializeIds.delete(message.id)) {
      const version = (message.result as { protocolVersion?: unknown }).protocolVersion;
      if (typeof version === 'string') remote.setProtocolVersion(version);
    }
    void local.send(message);
  };
  remote.onerror = (error) => diagnostic(describe(error));
  local.onerror = (error) => diagnostic(describe(error));
  local.onclose = () => void close();
  remote.onclose = () => void close();

  const stdin = options.stdin ?? process.stdin;
  stdin.once('end', () => void close());
  stdin.once('close', () => void close());

  await remote.start();
  await local.start();
  return { closed, close };
}

function errorResponse(id: RequestId, reason: string): JSONRPCMessage {
  return {
    jsonrpc: '2.0',
    id,
    error: { code: BRIDGE_ERROR_CODE, message: `MCP Gate bridge: ${reason}` },
  };
}

function describe(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const text = raw
    .replace(/[\p{Cc}]+/gu, ' ')
    .trim()
    .slice(0, 500);
  if (/ECONNREFUSED|fetch failed/i.test(text)) {
    return `cannot reach the MCP Gate proxy (${text}): start it with \`mcp-gate proxy\` or the MCP Gate app.`;
  }
  const status = error instanceof Error && 'code' in error ? error.code : undefined;
  if (status === 401 || status === 403) {
    return `the proxy refused the local key (${text}): run \`mcp-gate clients configure claude-desktop\` again and restart Claude Desktop.`;
  }
  return text;
}
