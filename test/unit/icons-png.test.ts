import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../electron/core/icons/crc32';
import { encodePng, PNG_SIGNATURE } from '../../electron/core/icons/png-encoder';
import { must } from '../stand-ins/must';

interface Chunk {
  readonly type: string;
  readonly data: Buffer;
  readonly crcOk: boolean;
}

function chunksOf(png: Buffer): readonly Chunk[] {
  const chunks: Chunk[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    const crc = png.readUInt32BE(at + 8 + length);
    chunks.push({ type, data, crcOk: crc === crc32(png.subarray(at + 4, at + 8 + length)) });
    at += 12 + length;
  }
  return chunks;
}

function image(width: number, height: number): Uint8Array {
  const pixels = new Uint8Array(width * height * 4);
  for (let i = 0; i < pixels.length; i += 1) pixels[i] = (i * 7) % 256;
  return pixels;
}

describe('crc32', () => {
  it.each([
    ['', 0x00000000],
    ['a', 0xe8b7be43],
    ['123456789', 0xcbf43926],
    ['IEND', 0xae426082],
  ])('of %j is %s', (text, expected) => {
    expect(crc32(Buffer.from(text, 'latin1'))).toBe(expected);
  });
});

describe('encodePng', () => {
  it('starts with the PNG signature', () => {
    const png = encodePng({ width: 3, height: 2, pixels: image(3, 2) });
    expect([...png.subarray(0, 8)]).toEqual([...PNG_SIGNATURE]);
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  });

  it('writes IHDR, IDAT, IEND with valid CRCs and the size in IHDR', () => {
    const png = encodePng({ width: 17, height: 5, pixels: image(17, 5) });
    const chunks = chunksOf(png);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(chunks.every((c) => c.crcOk)).toBe(true);
    const ihdr = must(chunks[0]).data;
    expect(ihdr.length).toBe(13);
    expect(ihdr.readUInt32BE(0)).toBe(17);
    expect(ihdr.readUInt32BE(4)).toBe(5);
    expect([...ihdr.subarray(8)]).toEqual([8, 6, 0, 0, 0]); // 8-bit RGBA, deflate, no filter, no interlace
  });

  it.each([
    [1, 1],
    [16, 16],
    [32, 32],
    [7, 3],
  ])('decodes back to every pixel of a %i×%i image', (width, height) => {
    const pixels = image(width, height);
    const png = encodePng({ width, height, pixels });
    const idat = must(chunksOf(png).find((c) => c.type === 'IDAT')).data;
    const raw = inflateSync(idat);
    expect(raw.length).toBe(height * (1 + width * 4));
    const decoded = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y += 1) {
      const row = y * (1 + width * 4);
      expect(raw[row]).toBe(0); // filter: None
      decoded.set(raw.subarray(row + 1, row + 1 + width * 4), y * width * 4);
    }
    expect(decoded.length / 4).toBe(width * height);
    expect([...decoded]).toEqual([...pixels]);
  });

  it.each([
    [0, 1, 0],
    [2, 2, 15],
    [1.5, 1, 6],
  ])('refuses %s×%s with %i bytes', (width, height, bytes) => {
    expect(() => encodePng({ width, height, pixels: new Uint8Array(bytes) })).toThrow(RangeError);
  });
});
