/** A JSON-RPC id as a request carries it. */
export type JsonRpcId = string | number | null;

/** A request body read as JSON-RPC: one message or a batch (array). */
export interface JsonRpcBody {
  readonly batch: boolean;
  readonly messages: readonly unknown[];
}

/** What the Guard cares about in one message. */
export type GuardedMessage =
  | {
      readonly kind: 'tool-call';
      /** Undefined for a notification (no `id`): it gets no answer. */
      readonly id: JsonRpcId | undefined;
      readonly tool: string;
      readonly arguments: unknown;
    }
  | { readonly kind: 'other' };

/** Parses a request body as JSON-RPC; null when it is not JSON (the upstream answers that). */
export function parseJsonRpcBody(text: string): JsonRpcBody | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  return Array.isArray(parsed)
    ? { batch: true, messages: parsed as unknown[] }
    : { batch: false, messages: [parsed] };
}

/** True for a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The id of a request (`method` and `id`), or undefined for anything else. */
export function requestId(message: unknown): JsonRpcId | undefined {
  if (!isRecord(message) || typeof message['method'] !== 'string') return undefined;
  const id = message['id'];
  return typeof id === 'string' || typeof id === 'number' || id === null ? id : undefined;
}

/** Reads a `tools/call` (its tool and arguments); anything else is `other`. */
export function classifyMessage(message: unknown): GuardedMessage {
  if (!isRecord(message) || message['method'] !== 'tools/call') return { kind: 'other' };
  const params = message['params'];
  if (!isRecord(params) || typeof params['name'] !== 'string') return { kind: 'other' };
  return {
    kind: 'tool-call',
    id: requestId(message),
    tool: params['name'],
    arguments: params['arguments'] ?? {},
  };
}

/** A key that tells ids apart by type too (`1` is not `"1"`). */
export function idKey(id: JsonRpcId): string {
  return `${typeof id}:${String(id)}`;
}

/** The id a response answers, or undefined when the message is not a response. */
export function responseId(message: unknown): JsonRpcId | undefined {
  if (!isRecord(message) || 'method' in message) return undefined;
  if (!('result' in message) && !('error' in message)) return undefined;
  const id = message['id'];
  return typeof id === 'string' || typeof id === 'number' || id === null ? id : undefined;
}
