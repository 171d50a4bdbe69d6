import type { ActivityEntry } from '../../../shared/activity';

/** The rows to show: live entries not yet in the listing, then the listing; newest first, at most `limit`. */
export function mergeActivity(
  live: readonly ActivityEntry[],
  listed: readonly ActivityEntry[],
  limit: number,
): readonly ActivityEntry[] {
  const known = new Set(listed.map(activityKey));
  const fresh = live.filter((entry) => !known.has(activityKey(entry)));
  return [...fresh, ...listed].sort((a, b) => b.time.localeCompare(a.time)).slice(0, limit);
}

/** What tells two log lines apart (entries carry no id). */
export function activityKey(entry: ActivityEntry): string {
  return [
    entry.time,
    entry.method,
    entry.path,
    entry.status,
    entry.durationMs,
    entry.bytesOut,
  ].join(' ');
}
