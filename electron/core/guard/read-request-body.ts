import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

/** A request body read for the Guard: whole, too large to check, or cut off by the client. */
export type BodyRead =
  | { readonly kind: 'complete'; readonly bytes: Buffer }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'aborted' };

/**
 * Reads a request body of at most `limit` bytes; stops reading (and pauses the request) as
 * soon as it grows past the limit, so a large body is never held.
 */
export function readRequestBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const done = (result: BodyRead): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      bytes += chunk.length;
      if (bytes > limit) {
        req.pause();
        done({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => done({ kind: 'complete', bytes: Buffer.concat(chunks, bytes) });
    const onClose = (): void => done({ kind: 'aborted' });
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('close', onClose);
    req.once('error', onClose);
  });
}

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
