import { Transform, type TransformCallback } from 'node:stream';

const CLOSE = 0x5d; // ]
const OPEN = 0x5b; // [

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/**
 * Streams a JSON array through and adds `items` at its end, holding back only the closing
 * bracket and the whitespace around it: how local answers join a batch answer too large to
 * hold. When the stream turns out not to end in `]`, it passes unchanged and `onFailed` is told.
 */
export class JsonArrayAppend extends Transform {
  readonly #items: readonly unknown[];
  readonly #onFailed: () => void;
  #tail: Buffer = Buffer.alloc(0);
  #lastEmitted: number | undefined;

  constructor(items: readonly unknown[], onFailed: () => void) {
    super();
    this.#items = items;
    this.#onFailed = onFailed;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const bytes = this.#tail.length === 0 ? chunk : Buffer.concat([this.#tail, chunk]);
    let last = bytes.length - 1;
    while (last >= 0 && isSpace(bytes[last])) last--;
    if (last === -1) {
      this.#tail = bytes;
      callback();
      return;
    }
    const keepFrom = bytes[last] === CLOSE ? last : last + 1;
    const out = bytes.subarray(0, keepFrom);
    this.#tail = Buffer.from(bytes.subarray(keepFrom));
    for (let i = out.length - 1; i >= 0; i--) {
      if (!isSpace(out[i])) {
        this.#lastEmitted = out[i];
        break;
      }
    }
    callback(null, out.length === 0 ? undefined : out);
  }

  override _flush(callback: TransformCallback): void {
    if (this.#tail[0] !== CLOSE || this.#items.length === 0) {
      if (this.#items.length > 0) this.#onFailed();
      callback(null, this.#tail.length === 0 ? undefined : this.#tail);
      return;
    }
    const joined = this.#items.map((item) => JSON.stringify(item)).join(',');
    const comma = this.#lastEmitted === OPEN ? '' : ',';
    callback(null, Buffer.concat([Buffer.from(comma + joined), this.#tail]));
  }
}
