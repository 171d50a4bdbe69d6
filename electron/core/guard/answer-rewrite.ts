import { mergeAnswers, type LocalAnswer } from '../../../shared/guard/batch-plan';
import { filterToolsListResponse } from '../../../shared/guard/tools-list-filter';

/** Which tools an answer may show, and where the count of hidden ones goes. */
export interface ToolsFilter {
  readonly keep: (tool: string) => boolean;
  readonly onHidden: (count: number) => void;
}

function filterAll(
  messages: readonly unknown[],
  filter: ToolsFilter,
): { readonly messages: unknown[]; readonly hidden: number } {
  let hidden = 0;
  const out = messages.map((message) => {
    const filtered = filterToolsListResponse(message, filter.keep);
    if (filtered === null || filtered.hidden === 0) return message;
    hidden += filtered.hidden;
    return filtered.message;
  });
  return { messages: out, hidden };
}

/** Bytes every tools list holds: an answer without them is passed on without parsing it. */
export const TOOLS_MARKER = '"tools"';

/**
 * The data of an SSE `message` event with denied tools taken out of a tools list, or null to
 * keep the event as it is (the common case, decided without parsing when `"tools"` is absent).
 */
export function rewriteEventData(data: string, filter: ToolsFilter): string | null {
  if (!data.includes(TOOLS_MARKER)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  const batch = Array.isArray(parsed);
  const { messages, hidden } = filterAll(batch ? (parsed as unknown[]) : [parsed], filter);
  if (hidden === 0) return null;
  filter.onHidden(hidden);
  return JSON.stringify(batch ? messages : messages[0]);
}

/**
 * A JSON answer with denied tools taken out of tools lists and the local answers merged in the
 * order of the requests; null when it stays as the upstream sent it (or does not parse).
 */
export function rewriteJsonAnswer(
  text: string,
  requests: readonly unknown[],
  batch: boolean,
  local: readonly LocalAnswer[],
  filter: ToolsFilter,
): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const upstream = Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
  const { messages, hidden } = filterAll(upstream, filter);
  if (hidden === 0 && local.length === 0) return null;
  if (hidden > 0) filter.onHidden(hidden);
  if (!batch && local.length === 0)
    return JSON.stringify(Array.isArray(parsed) ? messages : messages[0]);
  return JSON.stringify(mergeAnswers(requests, messages, local));
}
