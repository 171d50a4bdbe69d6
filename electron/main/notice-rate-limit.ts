import type { Notice } from '../../shared/ipc/views';

/** A notice with the same key is shown at most once in this window. */
export const NOTICE_WINDOW_MS = 30_000;

/** When each notice key was last shown (epoch ms). */
export type NoticeHistory = ReadonlyMap<string, number>;

/** Whether to show a notice now, and the history after deciding. */
export interface NoticeDecision {
  readonly show: boolean;
  readonly history: NoticeHistory;
}

/**
 * What makes two notices "the same" for rate limiting: their kind and exact words. A blocked
 * request's words name the client, the server and the rule, so repeats of one blocked call
 * show once per window while a block of another server shows at once.
 */
export function noticeKey(notice: Notice): string {
  return `${notice.kind}\u0000${notice.title}\u0000${notice.body}`;
}

/** Shows a notice unless the same one was shown less than NOTICE_WINDOW_MS ago; forgets old keys. */
export function decideNotice(history: NoticeHistory, notice: Notice, now: number): NoticeDecision {
  const key = noticeKey(notice);
  const recent = new Map([...history].filter(([, at]) => now - at < NOTICE_WINDOW_MS && at <= now));
  if (recent.has(key)) return { show: false, history: recent };
  recent.set(key, now);
  return { show: true, history: recent };
}
