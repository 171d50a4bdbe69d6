import { normalizeRequestPath } from '../../../shared/server-rules';

/** Sends JSON-RPC messages down one legacy SSE stream, as `message` events. */
export type StreamInjector = (messages: readonly unknown[]) => void;

/**
 * The open streams of the legacy SSE transport, by the message endpoint their `endpoint`
 * event announced (path and query, as the client will POST to it). A denied call POSTed there
 * is answered on its stream, since the POST itself only gets `202 Accepted`.
 */
export class LegacySessions {
  readonly #streams = new Map<string, StreamInjector>();

  /** The key of an endpoint URL (absolute or relative to `base`), or null when it is not a usable path. */
  static keyOf(endpoint: string, base: string): string | null {
    let url: URL;
    try {
      url = new URL(endpoint, base);
    } catch {
      return null;
    }
    const path = normalizeRequestPath(url.pathname + url.search);
    return path.ok ? path.path + path.search : null;
  }

  /** Registers a stream; returns the function that removes it. */
  register(key: string, injector: StreamInjector): () => void {
    this.#streams.set(key, injector);
    return () => {
      if (this.#streams.get(key) === injector) this.#streams.delete(key);
    };
  }

  /** The stream a POST to `target` (normalised path and query) belongs to, if any. */
  find(target: string): StreamInjector | null {
    return this.#streams.get(target) ?? null;
  }

  get size(): number {
    return this.#streams.size;
  }
}
