import { entryKey, entryUrl, type JsonObject, type JsonValue } from '../../../shared/clients';
import { deepEqual } from './plan-edit';

/** Whether a client's file matches the servers, port and key MCP Gate would write now. */
export type ClientConfigState = 'not-configured' | 'configured' | 'out-of-date';

/** Why an entry is out of date. */
export interface StaleEntry {
  readonly name: string;
  /** missing: not in the file; url: URL or port changed; key: local key changed; shape: other fields; extra: an entry of ours for a server no longer configured. */
  readonly reason: 'missing' | 'url' | 'key' | 'shape' | 'extra';
}

/** The state of one client file, with the entries that differ. */
export interface ClientConfigStatus {
  readonly state: ClientConfigState;
  readonly stale: readonly StaleEntry[];
}

/**
 * Compares the servers object of a client file with the entries MCP Gate would write now.
 * `owned`: names MCP Gate wrote (entries of ours no longer wanted count as out of date).
 */
export function compareEntries(
  servers: Readonly<Record<string, JsonValue>>,
  expected: Readonly<Record<string, JsonObject>>,
  owned: readonly string[] = [],
): ClientConfigStatus {
  const stale: StaleEntry[] = [];
  let present = 0;
  for (const [name, entry] of Object.entries(expected)) {
    const current = servers[name];
    if (current === undefined) {
      stale.push({ name, reason: 'missing' });
      continue;
    }
    present++;
    if (deepEqual(current, entry)) continue;
    if (entryUrl(current) !== entryUrl(entry)) stale.push({ name, reason: 'url' });
    else if (entryKey(current) !== entryKey(entry)) stale.push({ name, reason: 'key' });
    else stale.push({ name, reason: 'shape' });
  }
  for (const name of owned) {
    if (!(name in expected) && servers[name] !== undefined) {
      present++;
      stale.push({ name, reason: 'extra' });
    }
  }
  if (present === 0) return { state: 'not-configured', stale };
  return { state: stale.length === 0 ? 'configured' : 'out-of-date', stale };
}
