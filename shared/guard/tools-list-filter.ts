import { isRecord } from './json-rpc-messages';

/** A `tools/list` answer with the denied tools taken out, and how many were. */
export interface FilteredToolsList {
  readonly message: unknown;
  readonly hidden: number;
}

/**
 * When `message` is a JSON-RPC response carrying a tools list (`result.tools`, each with a
 * `name`), returns it without the tools `keep` rejects; null for any other message.
 */
export function filterToolsListResponse(
  message: unknown,
  keep: (tool: string) => boolean,
): FilteredToolsList | null {
  if (!isRecord(message) || 'method' in message) return null;
  const result = message['result'];
  if (!isRecord(result) || !Array.isArray(result['tools'])) return null;
  const tools = result['tools'] as readonly unknown[];
  if (!tools.every((tool) => isRecord(tool) && typeof tool['name'] === 'string')) return null;
  const kept = tools.filter((tool) => keep((tool as { readonly name: string }).name));
  if (kept.length === tools.length) return { message, hidden: 0 };
  return {
    message: { ...message, result: { ...result, tools: kept } },
    hidden: tools.length - kept.length,
  };
}
