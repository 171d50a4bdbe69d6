import { Readable } from 'node:stream';

/** What a bounded read of a stream gave: all of it, or the part read before the limit and the rest. */
export type BoundedRead =
  | { readonly complete: true; readonly bytes: Buffer }
  | { readonly complete: false; readonly rest: Readable };

/**
 * Reads `stream` whole when it fits in `limit` bytes; otherwise returns a stream that yields
 * what was read so far followed by the remainder, so nothing is lost or held beyond the limit.
 */
export async function readBounded(
  stream: AsyncIterable<Buffer>,
  limit: number,
): Promise<BoundedRead> {
  const iterator = stream[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let bytes = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) return { complete: true, bytes: Buffer.concat(chunks, bytes) };
    chunks.push(next.value);
    bytes += next.value.length;
    if (bytes > limit) break;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield* chunks;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  }
  return { complete: false, rest: Readable.from(replay(), { objectMode: false }) };
}
