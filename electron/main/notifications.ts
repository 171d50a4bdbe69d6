import { Notification } from 'electron';
import type { AppService } from '../core/app/app-service-types';
import type { GuardQuestionView, Notice } from '../../shared/ipc/views';
import { decideNotice, type NoticeHistory } from './notice-rate-limit';
import type { SettingsPage } from './tray-menu';

/** Shows OS notifications; clicking one opens the settings page it is about. */
export interface Notifier {
  show(title: string, body: string, page: SettingsPage | null): void;
}

/** A notifier over Electron's Notification (nothing when the OS has none). */
export function createNotifier(openSettings: (page: SettingsPage | null) => void): Notifier {
  // a notification object must stay referenced until it is clicked or dismissed
  const alive = new Set<Notification>();
  return {
    show(title, body, page) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title, body });
      alive.add(notification);
      const forget = (): void => void alive.delete(notification);
      notification.on('click', () => {
        forget();
        openSettings(page);
      });
      notification.on('close', forget);
      notification.on('failed', forget);
      notification.show();
    },
  };
}

/** The settings page a notice is about. */
export function noticePage(kind: Notice['kind']): SettingsPage {
  switch (kind) {
    case 'signed-in':
    case 'sign-in-failed':
    case 'sign-in-expired':
      return 'account';
    case 'port-in-use':
    case 'proxy-failed':
      return 'proxy';
    case 'request-blocked':
      return 'activity';
    case 'client-out-of-date':
      return 'clients';
  }
}

/** The words of a Guard question, as a notification shows them. */
export function guardQuestionText(question: GuardQuestionView): {
  readonly title: string;
  readonly body: string;
} {
  const who = question.client ?? 'An AI client';
  const where = question.server === null ? '' : ` on ${question.server}`;
  return {
    title: 'A tool call is waiting for you',
    body: `${who} wants to run ${question.tool}${where}. Open Guard to allow or deny it.`,
  };
}

/**
 * Shows the service's notices (the same one at most once per 30 s; blocked requests at most
 * once per 30 s per server) and Guard questions. Returns the unsubscribe function.
 */
export function showServiceNotices(
  service: Pick<AppService, 'on'>,
  notifier: Notifier,
  now: () => number = Date.now,
): () => void {
  let history: NoticeHistory = new Map();
  const offNotice = service.on('notice', (notice) => {
    const decision = decideNotice(history, notice, now());
    history = decision.history;
    if (decision.show) notifier.show(notice.title, notice.body, noticePage(notice.kind));
  });
  const offGuard = service.on('guard:asked', (question) => {
    const text = guardQuestionText(question);
    notifier.show(text.title, text.body, 'guard');
  });
  return () => {
    offNotice();
    offGuard();
  };
}
