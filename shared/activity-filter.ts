import type { ActivityEntry } from './activity';
import type { ActivityFilter } from './ipc/views';

/** True when an activity entry passes the Activity page's filters (an empty field filters nothing). */
export function matchesActivityFilter(entry: ActivityEntry, filter: ActivityFilter = {}): boolean {
  if (filter.client !== undefined && filter.client !== '' && entry.client !== filter.client)
    return false;
  if (
    filter.server !== undefined &&
    filter.server !== '' &&
    entry.server !== filter.server &&
    entry.serverId !== filter.server
  ) {
    return false;
  }
  if (filter.outcome !== undefined && entry.outcome !== filter.outcome) return false;
  if (filter.decision !== undefined && entry.decision !== filter.decision) return false;
  const needle = filter.text?.trim().toLowerCase() ?? '';
  if (needle !== '') {
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
