import { nativeImage, type NativeImage } from 'electron';
import type { TrayIconVariant } from '../core/icons/icon-looks';
import { trayIconPng } from '../core/icons/icon-files';
import type { TrayState } from '../../shared/ipc/views';

/** One bitmap of a tray image: its pixel size and the display scale it is for. */
export interface TrayImageRepresentation {
  readonly size: number;
  readonly scaleFactor: number;
}

/**
 * The bitmaps a tray image carries: 16 pt with @2x on macOS (menu bar), 16 px with 1.5× and
 * 2× on Windows (notification area), 24 px with 2× on Linux (panels scale it down as needed).
 */
export function trayImageRepresentations(platform: string): readonly TrayImageRepresentation[] {
  switch (platform) {
    case 'darwin':
      return [
        { size: 16, scaleFactor: 1 },
        { size: 32, scaleFactor: 2 },
      ];
    case 'win32':
      return [
        { size: 16, scaleFactor: 1 },
        { size: 24, scaleFactor: 1.5 },
        { size: 32, scaleFactor: 2 },
      ];
    default:
      return [
        { size: 24, scaleFactor: 1 },
        { size: 48, scaleFactor: 2 },
      ];
  }
}

/** The tray image for a state, drawn at run time; a template image on macOS. */
export function trayImage(
  state: TrayState,
  variant: TrayIconVariant,
  platform: string,
): NativeImage {
  const [first, ...more] = trayImageRepresentations(platform);
  const base = first ?? { size: 16, scaleFactor: 1 };
  const image = nativeImage.createFromBuffer(trayIconPng(state, variant, base.size), {
    scaleFactor: base.scaleFactor,
  });
  for (const representation of more) {
    image.addRepresentation({
      scaleFactor: representation.scaleFactor,
      buffer: trayIconPng(state, variant, representation.size),
    });
  }
  if (variant === 'template') image.setTemplateImage(true);
  return image;
}
