import type { ActivityEntry } from '../../../shared/activity';
import type { ActivityFilter } from '../../../shared/ipc/views';

/** True when an activity entry passes the Activity page's filters. */
export function matchesActivityFilter(entry: ActivityEntry, filter: ActivityFilter = {}): boolean {
  if (filter.client !== undefined && filter.client !== '' && entry.client !== filter.client)
    return false;
  if (filter.server !== undefined && filter.server !== '' && entry.server !== filter.server)
    return false;
  if (filter.outcome !== undefined && entry.outcome !== filter.outcome) return false;
  if (filter.decision !== undefined && entry.decision !== filter.decision) return false;
  const text = filter.text?.trim().toLowerCase();
  if (text !== undefined && text !== '') {
    const haystack = [
      entry.client,
      entry.server,
      entry.serverId,
      entry.path,
      entry.rpcMethod,
      entry.tool,
      entry.reason,
      String(entry.status),
    ]
      .filter((v): v is string => v !== null)
      .join(' ')
      .toLowerCase();
    if (!haystack.includes(text)) return false;
  }
  return true;
}

const CSV_COLUMNS = [
  'time',
  'client',
  'account',
  'server',
  'serverId',
  'method',
  'path',
  'rpcMethod',
  'tool',
  'status',
  'durationMs',
  'bytesIn',
  'bytesOut',
  'outcome',
  'reason',
] as const satisfies readonly (keyof ActivityEntry)[];

/** RFC 4180 CSV of activity entries; a leading =, +, - or @ is quoted off so spreadsheets never run it. */
export function activityCsv(entries: readonly ActivityEntry[]): string {
  const cell = (value: unknown): string => {
    let text = value === null || value === undefined ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [CSV_COLUMNS.join(',')];
  for (const entry of entries) lines.push(CSV_COLUMNS.map((c) => cell(entry[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** JSON lines of activity entries, one per line. */
export function activityJsonl(entries: readonly ActivityEntry[]): string {
  return (
    entries.map((entry) => JSON.stringify(entry)).join('\n') + (entries.length > 0 ? '\n' : '')
  );
}
