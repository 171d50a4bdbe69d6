import { createHash, timingSafeEqual } from 'node:crypto';
import type { ClientId } from '../../../shared/clients';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * The client whose local key is `headerValue` (the `X-MCP-Gate-Key` header), or null. Compares
 * SHA-256 digests in constant time against every key, without stopping at the first match, so
 * timing says nothing about which key (or how much of it) matched. A repeated header is refused.
 */
export function identifyClient(
  headerValue: string | readonly string[] | undefined,
  keys: ReadonlyMap<ClientId, string>,
): ClientId | null {
  if (typeof headerValue !== 'string' || headerValue === '') return null;
  const presented = digest(headerValue.trim());
  let found: ClientId | null = null;
  for (const [client, key] of keys) {
    if (timingSafeEqual(presented, digest(key)) && found === null) found = client;
  }
  return found;
}
