/** What Activity shows about a JSON-RPC request: its method and, for `tools/call`, the tool. */
export interface JsonRpcPeek {
  readonly rpcMethod: string | null;
  readonly tool: string | null;
}

/** The peek of a request that is not JSON-RPC (or not read). */
export const NO_PEEK: JsonRpcPeek = { rpcMethod: null, tool: null };

/** True for `application/json` and `*+json` content types. */
export function isJsonContentType(contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type !== undefined && (type === 'application/json' || type.endsWith('+json'));
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readMessage(message: unknown): JsonRpcPeek {
  if (!isRecord(message) || typeof message['method'] !== 'string') return NO_PEEK;
  const method = message['method'];
  const params = message['params'];
  const tool =
    method === 'tools/call' && isRecord(params) && typeof params['name'] === 'string'
      ? params['name']
      : null;
  return { rpcMethod: method, tool };
}

function joined(values: readonly (string | null)[]): string | null {
  const present = values.filter((v): v is string => v !== null);
  return present.length === 0 ? null : present.join(',');
}

/** UTF-8 that refuses malformed bytes; stateless (never used with `stream: true`), so one serves every request. */
export const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads method and tool name from a complete JSON-RPC body (a message or a batch, whose
 * methods and tools are comma-joined); never looks at arguments. A truncated or
 * unparsable body gives nulls.
 */
export function peekJsonRpc(body: Uint8Array, complete: boolean): JsonRpcPeek {
  if (!complete || body.length === 0) return NO_PEEK;
  let parsed: unknown;
  try {
    parsed = JSON.parse(STRICT_UTF8.decode(body));
  } catch {
    return NO_PEEK;
  }
  return peekParsed(parsed);
}

/** The same as peekJsonRpc for a body already parsed (a message, or an array for a batch). */
export function peekParsed(parsed: unknown): JsonRpcPeek {
  if (!Array.isArray(parsed)) return readMessage(parsed);
  const messages = parsed.map(readMessage);
  return {
    rpcMethod: joined(messages.map((m) => m.rpcMethod)),
    tool: joined(messages.map((m) => m.tool)),
  };
}
