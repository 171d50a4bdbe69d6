import { beforeEach, describe, expect, it } from 'vitest';
import {
  decideNotice,
  NOTICE_WINDOW_MS,
  type NoticeHistory,
} from '../../electron/main/notice-rate-limit';
import { createNotifier, noticePage, showServiceNotices } from '../../electron/main/notifications';
import type { SettingsPage } from '../../electron/main/tray-menu';
import type { Notice } from '../../shared/ipc/views';
import { createFakeService } from '../stand-ins/app-service';
import { Notification, resetStandIn } from '../stand-ins/electron';
import { must } from '../stand-ins/must';

const blocked = (client: string, server: string): Notice => ({
  kind: 'request-blocked',
  title: 'Request blocked',
  body: `${client} tried ${server}: blocked by rule ${server}.`,
});
const expired: Notice = {
  kind: 'sign-in-expired',
  title: 'Sign-in expired',
  body: 'Sign in again.',
};

describe('decideNotice', () => {
  it.each<[string, readonly (readonly [Notice, number])[], readonly boolean[]]>([
    ['a first notice shows', [[blocked('Cursor', 'ecs'), 0]], [true]],
    [
      'the same blocked server within 30 s shows once',
      [
        [blocked('Cursor', 'ecs'), 0],
        [blocked('Cursor', 'ecs'), 1_000],
        [blocked('Cursor', 'ecs'), 29_999],
      ],
      [true, false, false],
    ],
    [
      'after 30 s it shows again',
      [
        [blocked('Cursor', 'ecs'), 0],
        [blocked('Cursor', 'ecs'), 30_000],
        [blocked('Cursor', 'ecs'), 45_000],
      ],
      [true, true, false],
    ],
    [
      'another server shows at once',
      [
        [blocked('Cursor', 'ecs'), 0],
        [blocked('Cursor', 'rds'), 10],
        [blocked('Cursor', 'ecs'), 20],
        [blocked('Cursor', 'rds'), 30],
      ],
      [true, true, false, false],
    ],
    [
      'other kinds are limited by their own words',
      [
        [expired, 0],
        [blocked('Cursor', 'ecs'), 5],
        [expired, 10],
        [{ ...expired, body: 'Another reason.' }, 20],
      ],
      [true, true, false, true],
    ],
    [
      'a clock that went back does not silence notices forever',
      [
        [blocked('Cursor', 'ecs'), 100_000],
        [blocked('Cursor', 'ecs'), 50_000],
      ],
      [true, true],
    ],
  ])('%s', (_name, sequence, expected) => {
    let history: NoticeHistory = new Map();
    const shown = sequence.map(([notice, at]) => {
      const decision = decideNotice(history, notice, at);
      history = decision.history;
      return decision.show;
    });
    expect(shown).toEqual(expected);
  });

  it('forgets keys older than the window', () => {
    let history: NoticeHistory = new Map();
    for (let i = 0; i < 100; i += 1) {
      history = decideNotice(history, blocked('c', `s${i}`), i).history;
    }
    history = decideNotice(history, expired, 100 + NOTICE_WINDOW_MS).history;
    expect(history.size).toBe(1);
  });
});

describe('noticePage', () => {
  it.each<[Notice['kind'], SettingsPage]>([
    ['signed-in', 'account'],
    ['sign-in-failed', 'account'],
    ['sign-in-expired', 'account'],
    ['port-in-use', 'proxy'],
    ['proxy-failed', 'proxy'],
    ['request-blocked', 'activity'],
    ['client-out-of-date', 'clients'],
  ])('%s opens %s', (kind, page) => {
    expect(noticePage(kind)).toBe(page);
  });
});

describe('showServiceNotices', () => {
  beforeEach(resetStandIn);

  it('shows notices as OS notifications, rate-limited, and opens the page on click', () => {
    const service = createFakeService();
    const opened: (SettingsPage | null)[] = [];
    let now = 0;
    showServiceNotices(
      service,
      createNotifier((page) => opened.push(page)),
      () => now,
    );
    service.emit('notice', blocked('Cursor', 'ecs'));
    now = 5_000;
    service.emit('notice', blocked('Cursor', 'ecs'));
    service.emit('notice', {
      kind: 'port-in-use',
      title: 'Port in use',
      body: 'Port 8088 is taken.',
    });
    expect(Notification.shown.map((n) => n.options)).toEqual([
      { title: 'Request blocked', body: 'Cursor tried ecs: blocked by rule ecs.' },
      { title: 'Port in use', body: 'Port 8088 is taken.' },
    ]);
    must(Notification.shown[1]).emit('click');
    expect(opened).toEqual(['proxy']);
  });

  it('tells about a Guard question and opens Guard', () => {
    const service = createFakeService();
    const opened: (SettingsPage | null)[] = [];
    showServiceNotices(
      service,
      createNotifier((page) => opened.push(page)),
    );
    service.emit('guard:asked', {
      id: 'q1',
      askedAt: '2025-01-01T00:00:00Z',
      expiresAt: '2025-01-01T00:01:00Z',
      client: 'Cursor',
      server: 'ecs-ops',
      tool: 'Ecs-2014-05-26-DeleteInstance',
      arguments: '{}',
    });
    expect(must(Notification.shown[0]).options).toEqual({
      title: 'A tool call is waiting for you',
      body: 'Cursor wants to run Ecs-2014-05-26-DeleteInstance on ecs-ops. Open Guard to allow or deny it.',
    });
    must(Notification.shown[0]).emit('click');
    expect(opened).toEqual(['guard']);
  });

  it('shows nothing where the OS has no notifications, and stops when unsubscribed', () => {
    const service = createFakeService();
    Notification.supported = false;
    const stop = showServiceNotices(
      service,
      createNotifier(() => undefined),
    );
    service.emit('notice', expired);
    expect(Notification.shown).toHaveLength(0);
    Notification.supported = true;
    stop();
    service.emit('notice', expired);
    expect(Notification.shown).toHaveLength(0);
    expect(service.listenerCount('notice')).toBe(0);
  });
});
