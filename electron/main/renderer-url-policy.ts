/** What ipc.ts knows about the frame that sent a request. */
export interface SenderFacts {
  /** The sender's webContents is the settings window's. */
  readonly fromSettingsWindow: boolean;
  /** The frame is that window's main frame (not an iframe); false when the frame is gone. */
  readonly isMainFrame: boolean;
  /** The frame's URL now. */
  readonly frameUrl: string;
}

/**
 * Whether a URL is the app's own renderer page: a file URL of exactly that file, whatever
 * its hash or query (the pages route by hash).
 */
export function isRendererUrl(url: string, rendererUrl: string): boolean {
  const target = parse(url);
  const own = parse(rendererUrl);
  if (target === null || own === null || own.protocol !== 'file:') return false;
  return (
    target.protocol === 'file:' &&
    target.host === own.host &&
    decode(target.pathname) !== null &&
    decode(target.pathname) === decode(own.pathname)
  );
}

/** Whether an IPC request comes from the settings window's main frame showing our own page. */
export function isTrustedSender(sender: SenderFacts, rendererUrl: string): boolean {
  return (
    sender.fromSettingsWindow && sender.isMainFrame && isRendererUrl(sender.frameUrl, rendererUrl)
  );
}

/** Whether the settings window may navigate to a URL: only to its own page (e.g. a reload). */
export function isAllowedNavigation(url: string, rendererUrl: string): boolean {
  return isRendererUrl(url, rendererUrl);
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function decode(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}
