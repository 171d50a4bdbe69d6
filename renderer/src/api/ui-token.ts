const STORAGE_KEY = 'mcp-gate-ui-token';
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,512}$/;

/** Reads the loopback UI token from `#token=…` (then hides it from the address bar) or from this tab's session storage. */
export function takeUiToken(win: Window): string | null {
  const fromHash = new URLSearchParams(win.location.hash.slice(1)).get('token');
  if (fromHash !== null && TOKEN_PATTERN.test(fromHash)) {
    rememberToken(win, fromHash);
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
    return fromHash;
  }
  const stored = readStoredToken(win);
  return stored !== null && TOKEN_PATTERN.test(stored) ? stored : null;
}

function rememberToken(win: Window, token: string): void {
  try {
    win.sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // storage disabled: the token still works until the tab is reloaded
  }
}

function readStoredToken(win: Window): string | null {
  try {
    return win.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
