import type { IncomingMessage } from 'node:http';
import { CLIENT_KEY_HEADER, type ClientId } from '../../shared/clients';
import { identifyClient } from './clients/identify-client';
import type { Clock } from './auth/types';
import type { Logger } from './logger';
import type { ClientAuthenticator } from './proxy/proxy-options';

/** Whether requests must carry a configured client's key: always, never, or once any client has one. */
export type ClientKeyRequirement = 'always' | 'never' | 'when-configured';

/** Options of the client authenticator; `loadKeys` reads every client's key from the keychain or file. */
export interface ClientAuthOptions {
  readonly loadKeys: () => Promise<ReadonlyMap<ClientId, string>>;
  readonly requirement: ClientKeyRequirement;
  readonly logger: Logger;
  readonly clock: Clock;
  /** How long the cached keys are trusted before the store is read again. */
  readonly reloadIntervalMs?: number;
}

const HOW_TO_CONFIGURE = 'configure the client with `mcp-gate clients configure <client>`';

/**
 * Builds the proxy's client check: keys are cached and re-read at most every few seconds, so a
 * client configured or removed while the proxy runs is honoured without a keychain read per request.
 */
export function createClientAuthenticator(
  options: ClientAuthOptions,
): ClientAuthenticator & { readonly invalidate: () => void } {
  const header = CLIENT_KEY_HEADER.toLowerCase();
  const interval = options.reloadIntervalMs ?? 2_000;
  let keys: ReadonlyMap<ClientId, string> = new Map();
  let loadedAt = Number.NEGATIVE_INFINITY;
  let loading: Promise<void> | null = null;

  const reload = (): Promise<void> => {
    loading ??= options
      .loadKeys()
      .then((next) => {
        keys = next;
      })
      .catch((error: unknown) => {
        options.logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'could not read client keys',
        );
      })
      .finally(() => {
        loadedAt = options.clock.now();
        loading = null;
      });
    return loading;
  };

  const authenticate: ClientAuthenticator = async (req: IncomingMessage) => {
    const presented = req.headers[header];
    // re-read the keys when the cache is older than the interval, so a revoked key stops working
    // and a new one starts working within seconds, with at most one store read per interval
    if (options.clock.now() - loadedAt >= interval) await reload();
    const client = identifyClient(presented, keys);
    if (client !== null) return { ok: true, client };
    const required =
      options.requirement === 'always' ||
      (options.requirement === 'when-configured' && keys.size > 0);
    if (!required) return { ok: true, client: null };
    return {
      ok: false,
      message:
        presented === undefined
          ? `This proxy requires a client key in the ${CLIENT_KEY_HEADER} header: ${HOW_TO_CONFIGURE}.`
          : `The ${CLIENT_KEY_HEADER} key is not one this proxy issued (or it was revoked): ${HOW_TO_CONFIGURE}.`,
    };
  };
  // a key changed in this process: read the store at the next request instead of within seconds
  return Object.assign(authenticate, {
    invalidate: () => void (loadedAt = Number.NEGATIVE_INFINITY),
  });
}
