import type { RgbaImage } from './png-encoder';

/** A colour as 8-bit red, green, blue and alpha. */
export type Rgba = readonly [number, number, number, number];

/** The small state mark in the lower right corner. */
export interface Badge {
  /** A filled dot, or a ring (a hollow dot, for monochrome template images). */
  readonly shape: 'dot' | 'ring';
  readonly colour: Rgba;
}

/** How one picture of the MCP Gate mark looks. */
export interface GateMarkLook {
  readonly mark: Rgba;
  readonly badge: Badge | null;
  /** A rounded square behind the mark (app icons); null for the bare mark (tray icons). */
  readonly tile: Rgba | null;
}

type Point = readonly [number, number];

/** Draws the MCP Gate mark — an arched gate with its doorway — at any size, anti-aliased. */
export function drawGateMark(size: number, look: GateMarkLook): RgbaImage {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`icon size must be a whole positive number, got ${size}`);
  }
  const pixels = new Uint8Array(size * size * 4);
  // the mark fills the canvas bare, or the middle of the tile
  const scale = look.tile === null ? 1 : 0.56;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const p: Point = [(x + 0.5) / size, (y + 0.5) / size];
      const m: Point = [(p[0] - 0.5) / scale + 0.5, (p[1] - 0.5) / scale + 0.5];
      const badge = badgeDistance(m, look.badge);
      let colour: Straight = [0, 0, 0, 0];
      if (look.tile !== null) colour = over(colour, look.tile, coverage(tileDistance(p), size));
      const gap = badge === null ? -Infinity : 0.06 - badge.outer;
      const markDistance = Math.max(gateDistance(m), gap) * scale;
      colour = over(colour, look.mark, coverage(markDistance, size));
      if (badge !== null && look.badge !== null) {
        colour = over(colour, look.badge.colour, coverage(badge.shape * scale, size));
      }
      pixels.set(toBytes(colour), (y * size + x) * 4);
    }
  }
  return { width: size, height: size, pixels };
}

type Straight = readonly [number, number, number, number];

/** Source-over compositing of a colour with a coverage onto straight RGBA (alpha 0..1). */
function over(under: Straight, colour: Rgba, cover: number): Straight {
  const a = (colour[3] / 255) * cover;
  if (a <= 0) return under;
  const outA = a + under[3] * (1 - a);
  const mix = (top: number, bottom: number): number =>
    (top * a + bottom * under[3] * (1 - a)) / outA;
  return [mix(colour[0], under[0]), mix(colour[1], under[1]), mix(colour[2], under[2]), outA];
}

function toBytes(colour: Straight): readonly number[] {
  const alpha = Math.round(colour[3] * 255);
  if (alpha === 0) return [0, 0, 0, 0];
  return [Math.round(colour[0]), Math.round(colour[1]), Math.round(colour[2]), alpha];
}

/** Pixel coverage from a signed distance in canvas units (negative inside). */
function coverage(distance: number, size: number): number {
  return Math.min(1, Math.max(0, 0.5 - distance * size));
}

function gateDistance(p: Point): number {
  const outer = Math.min(circle(p, [0.5, 0.42], 0.36), box(p, [0.5, 0.67], [0.36, 0.25]));
  // the doorway runs out through the bottom edge, so the gate stands on two pillars
  const doorway = Math.min(circle(p, [0.5, 0.54], 0.15), box(p, [0.5, 0.87], [0.15, 0.33]));
  return Math.max(outer, -doorway);
}

function badgeDistance(
  p: Point,
  badge: Badge | null,
): { readonly outer: number; readonly shape: number } | null {
  if (badge === null) return null;
  const outer = circle(p, [0.82, 0.82], 0.17);
  const shape = badge.shape === 'dot' ? outer : Math.abs(outer + 0.04) - 0.04;
  return { outer, shape };
}

function tileDistance(p: Point): number {
  return roundedBox(p, [0.5, 0.5], [0.41, 0.41], 0.09);
}

function circle(p: Point, centre: Point, radius: number): number {
  return Math.hypot(p[0] - centre[0], p[1] - centre[1]) - radius;
}

function box(p: Point, centre: Point, half: Point): number {
  const qx = Math.abs(p[0] - centre[0]) - half[0];
  const qy = Math.abs(p[1] - centre[1]) - half[1];
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0);
}

function roundedBox(p: Point, centre: Point, half: Point, radius: number): number {
  return box(p, centre, [half[0] - radius, half[1] - radius]) - radius;
}
