/** Splits an SSE byte stream (as text) into complete events, across chunk boundaries. */
export class SseEventSplitter {
  #rest = '';

  /** Feeds one chunk; returns the events it completed (without the blank line that ends them). */
  push(chunk: string): string[] {
    const parts = (this.#rest + chunk).split(/\r?\n\r?\n/);
    this.#rest = parts.pop() ?? '';
    return parts;
  }

  /** Bytes of an incomplete event still held. */
  get pending(): number {
    return this.#rest.length;
  }
}

/** The upstream's send time (`"t":"<ns>"`, process.hrtime.bigint) carried in an event; null when absent. */
export function sendTimeNs(event: string): bigint | null {
  const match = /"t":"(\d+)"/.exec(event);
  return match?.[1] === undefined ? null : BigInt(match[1]);
}
