import type { ActivityEntry } from '../../../shared/activity';

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
