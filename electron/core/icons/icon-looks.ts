import type { TrayState } from '../../../shared/ipc/views';
import type { Badge, GateMarkLook, Rgba } from './gate-mark';

/** Which background a tray icon is drawn for; `template` is macOS's monochrome menu-bar image. */
export type TrayIconVariant = 'template' | 'on-light' | 'on-dark';

const INK_ON_LIGHT: Rgba = [36, 41, 47, 255];
const INK_ON_DARK: Rgba = [240, 243, 246, 255];
const TEMPLATE_INK: Rgba = [0, 0, 0, 255];
const GREEN: Rgba = [46, 160, 67, 255];
const BLUE: Rgba = [56, 132, 244, 255];
const AMBER_RED: Rgba = [230, 81, 0, 255];
/** The app icon's tile: Alibaba Cloud orange. */
const TILE: Rgba = [255, 106, 0, 255];
const WHITE: Rgba = [255, 255, 255, 255];

/**
 * The look of the tray icon for one state. In colour: no badge when signed out (the mark
 * faded), a green dot when ready, a blue dot while working, an amber-red dot for attention.
 * A template image has no colour, so shapes tell the states apart: faded mark, plain mark,
 * ring, dot.
 */
export function trayIconLook(state: TrayState, variant: TrayIconVariant): GateMarkLook {
  const ink =
    variant === 'template' ? TEMPLATE_INK : variant === 'on-dark' ? INK_ON_DARK : INK_ON_LIGHT;
  const faded: Rgba = [ink[0], ink[1], ink[2], Math.round(ink[3] * 0.5)];
  return {
    mark: state === 'signed-out' ? faded : ink,
    badge: variant === 'template' ? templateBadge(state) : colourBadge(state),
    tile: null,
  };
}

/** The look of the application icon (dock, taskbar, installers): a white gate on an orange tile. */
export function appIconLook(): GateMarkLook {
  return { mark: WHITE, badge: null, tile: TILE };
}

function colourBadge(state: TrayState): Badge | null {
  switch (state) {
    case 'signed-out':
      return null;
    case 'ready':
      return { shape: 'dot', colour: GREEN };
    case 'working':
      return { shape: 'dot', colour: BLUE };
    case 'attention':
      return { shape: 'dot', colour: AMBER_RED };
  }
}

function templateBadge(state: TrayState): Badge | null {
  switch (state) {
    case 'signed-out':
    case 'ready':
      return null;
    case 'working':
      return { shape: 'ring', colour: TEMPLATE_INK };
    case 'attention':
      return { shape: 'dot', colour: TEMPLATE_INK };
  }
}
