import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { drawGateMark } from '../../electron/core/icons/gate-mark';
import { APP_ICON_SIZES, appIconFiles, trayIconPng } from '../../electron/core/icons/icon-files';
import { trayIconLook, type TrayIconVariant } from '../../electron/core/icons/icon-looks';
import type { TrayState } from '../../shared/ipc/views';
import { must } from '../stand-ins/must';

const STATES: readonly TrayState[] = ['signed-out', 'ready', 'working', 'attention'];
const VARIANTS: readonly TrayIconVariant[] = ['on-light', 'on-dark', 'template'];

function pixelsOf(state: TrayState, variant: TrayIconVariant, size = 32): string {
  return Buffer.from(drawGateMark(size, trayIconLook(state, variant)).pixels).toString('base64');
}

describe('tray icon looks', () => {
  it.each(VARIANTS)('the four states draw four different %s images', (variant) => {
    const images = STATES.map((state) => pixelsOf(state, variant));
    expect(new Set(images).size).toBe(4);
  });

  it.each(VARIANTS)('the four states differ at 16 px too (%s)', (variant) => {
    expect(new Set(STATES.map((state) => pixelsOf(state, variant, 16))).size).toBe(4);
  });

  it('light and dark variants differ', () => {
    expect(pixelsOf('ready', 'on-light')).not.toBe(pixelsOf('ready', 'on-dark'));
  });

  it.each(STATES)('a template image (%s) is black with alpha only', (state) => {
    const { pixels } = drawGateMark(32, trayIconLook(state, 'template'));
    for (let i = 0; i < pixels.length; i += 4) {
      expect([pixels[i], pixels[i + 1], pixels[i + 2]]).toEqual([0, 0, 0]);
    }
  });

  it.each([
    ['ready', [46, 160, 67]],
    ['working', [56, 132, 244]],
    ['attention', [230, 81, 0]],
  ] as const)('the %s badge has its colour in the lower right corner', (state, rgb) => {
    const size = 64;
    const { pixels } = drawGateMark(size, trayIconLook(state, 'on-light'));
    const at = (Math.floor(size * 0.82) * size + Math.floor(size * 0.82)) * 4;
    expect([...pixels.subarray(at, at + 4)]).toEqual([...rgb, 255]);
  });

  it('leaves the corners transparent and draws the gate', () => {
    const size = 32;
    const { pixels } = drawGateMark(size, trayIconLook('ready', 'on-light'));
    expect(pixels[3]).toBe(0);
    const alphas = Array.from({ length: size * size }, (_, i) => must(pixels[i * 4 + 3]));
    const opaque = alphas.filter((a) => a === 255).length;
    expect(opaque).toBeGreaterThan(size * size * 0.25);
    expect(opaque).toBeLessThan(size * size * 0.75);
  });

  it.each([0, -1, 2.5])('refuses size %s', (size) => {
    expect(() => drawGateMark(size, trayIconLook('ready', 'on-light'))).toThrow(RangeError);
  });
});

describe('icon files', () => {
  it('makes the app icon at every packaging size, 16 to 1024', () => {
    const files = appIconFiles([16, 32, 256]);
    expect(files.map((f) => f.name)).toEqual(['16x16.png', '32x32.png', '256x256.png']);
    for (const file of files) {
      expect(file.png.readUInt32BE(16)).toBe(file.size);
      expect(file.png.readUInt32BE(20)).toBe(file.size);
    }
    expect(APP_ICON_SIZES[0]).toBe(16);
    expect(APP_ICON_SIZES.at(-1)).toBe(1024);
  });

  it('draws the app icon as an opaque tile with transparent corners', () => {
    const size = 64;
    const { pixels } = drawGateMark(size, {
      mark: [255, 255, 255, 255],
      badge: null,
      tile: [255, 106, 0, 255],
    });
    expect(pixels[3]).toBe(0);
    const centreLeft = ((size / 2) * size + Math.floor(size * 0.15)) * 4;
    expect([...pixels.subarray(centreLeft, centreLeft + 4)]).toEqual([255, 106, 0, 255]);
  });

  it('encodes a tray icon PNG of the asked size that inflates to size² pixels', () => {
    const png = trayIconPng('attention', 'on-dark', 24);
    expect(png.readUInt32BE(16)).toBe(24);
    let at = 8;
    const idat: Buffer[] = [];
    while (at < png.length) {
      const length = png.readUInt32BE(at);
      if (png.toString('latin1', at + 4, at + 8) === 'IDAT')
        idat.push(png.subarray(at + 8, at + 8 + length));
      at += 12 + length;
    }
    expect(inflateSync(Buffer.concat(idat)).length).toBe(24 * (1 + 24 * 4));
  });
});
