import type { ServerResponse } from 'node:http';

/** SSE response headers that stop caches and reverse proxies from buffering. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};

/** Keeps a held request's connection busy while a person is asked. */
export interface KeepAlive {
  /** True once the answer was started as an SSE stream (headers sent). */
  readonly committed: boolean;
  stop(): void;
}

/**
 * Every `intervalMs` while a person is asked, sends an SSE comment (`: keep-alive`), starting
 * the answer as `200 text/event-stream` at the first one, so that no client or middlebox
 * times the request out. Answers given before the first interval are not affected.
 */
export function startKeepAlive(
  res: ServerResponse,
  intervalMs: number,
  onWrite: (bytes: number) => void,
): KeepAlive {
  let committed = false;
  const timer = setInterval(() => {
    if (res.destroyed || res.writableEnded) return;
    if (!res.headersSent) {
      res.writeHead(200, SSE_HEADERS);
      committed = true;
    }
    const comment = ': keep-alive, waiting for a person to allow this tool call\n\n';
    res.write(comment);
    onWrite(comment.length);
  }, intervalMs);
  timer.unref();
  return {
    get committed() {
      return committed;
    },
    stop: () => clearInterval(timer),
  };
}

/** True when the client said it accepts `text/event-stream` answers. */
export function acceptsEventStream(accept: string | undefined): boolean {
  return accept !== undefined && /(^|,)\s*text\/event-stream\s*(;|,|$)/i.test(accept);
}
