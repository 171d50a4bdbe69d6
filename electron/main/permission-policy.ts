import { isRendererUrl } from './renderer-url-policy';

/** The one permission the settings page gets: writing to the clipboard (its Copy buttons). */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/**
 * Whether a web permission is granted: everything is denied, except clipboard writes asked
 * by the app's own renderer page. Reading the clipboard, camera, notifications, … never.
 */
export function isPermissionGranted(
  permission: string,
  requestingUrl: string | undefined,
  rendererUrl: string,
): boolean {
  return (
    GRANTED_PERMISSIONS.has(permission) &&
    requestingUrl !== undefined &&
    isRendererUrl(requestingUrl, rendererUrl)
  );
}
