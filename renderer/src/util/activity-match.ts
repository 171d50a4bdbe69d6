import type { ActivityEntry } from '../../../shared/activity';
import type { ActivityFilter } from '../../../shared/ipc/views';

/** True when a live entry belongs in a list shown with `filter` (the same fields `activity:list` filters on). */
export function matchesActivityFilter(entry: ActivityEntry, filter: ActivityFilter): boolean {
  if (filter.client !== undefined && entry.client !== filter.client) return false;
  if (
    filter.server !== undefined &&
    entry.server !== filter.server &&
    entry.serverId !== filter.server
  ) {
    return false;
  }
  if (filter.outcome !== undefined && entry.outcome !== filter.outcome) return false;
  if (filter.decision !== undefined && entry.decision !== filter.decision) return false;
  if (filter.text !== undefined) {
    const needle = filter.text.toLowerCase();
    const haystack = [
      entry.client,
      entry.server,
      entry.serverId,
      entry.account,
      entry.method,
      entry.path,
      entry.rpcMethod,
      entry.tool,
      entry.reason,
      entry.guardRule ?? null,
      entry.outcome,
      String(entry.status),
    ];
    if (!haystack.some((value) => value !== null && value.toLowerCase().includes(needle)))
      return false;
  }
  return true;
}
