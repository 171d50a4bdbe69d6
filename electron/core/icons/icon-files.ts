import { drawGateMark } from './gate-mark';
import { appIconLook, trayIconLook, type TrayIconVariant } from './icon-looks';
import { encodePng } from './png-encoder';
import type { TrayState } from '../../../shared/ipc/views';

/** One PNG to write or load. */
export interface IconFile {
  /** A file name such as `256x256.png`. */
  readonly name: string;
  readonly size: number;
  readonly png: Buffer;
}

/** The app icon sizes packaging needs (Linux icon sets; 1024 is converted for macOS and Windows). */
export const APP_ICON_SIZES: readonly number[] = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

/** The application icon at every packaging size, named `<n>x<n>.png`. */
export function appIconFiles(sizes: readonly number[] = APP_ICON_SIZES): readonly IconFile[] {
  return sizes.map((size) => ({
    name: `${size}x${size}.png`,
    size,
    png: encodePng(drawGateMark(size, appIconLook())),
  }));
}

/** One tray icon as PNG, `size` device pixels square. */
export function trayIconPng(state: TrayState, variant: TrayIconVariant, size: number): Buffer {
  return encodePng(drawGateMark(size, trayIconLook(state, variant)));
}
