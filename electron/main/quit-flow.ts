import { app } from 'electron';

/** How long quitting waits for the proxy to stop before exiting anyway. */
export const STOP_TIMEOUT_MS = 10_000;

/**
 * Makes every quit (menu, OS logout, second Quit click) stop the service first: the first
 * `before-quit` is held, `stop` runs exactly once, then the quit goes on. A stop that fails
 * or hangs past the timeout does not keep the app alive.
 */
export function installQuitFlow(
  stop: () => Promise<void>,
  onStopProblem: (error: unknown) => void,
  timeoutMs: number = STOP_TIMEOUT_MS,
): void {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    void withTimeout(stop(), timeoutMs)
      .catch(onStopProblem)
      .finally(() => {
        state = 'stopped';
        app.quit();
      });
  });
}

async function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`stopping took longer than ${ms} ms`)), ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
