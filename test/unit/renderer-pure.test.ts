import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../shared/activity';
import type { GuardQuestionView } from '../../shared/ipc/views';
import { pageFromHash } from '../../renderer/src/app/pages';
import { dequeue, enqueue, reconcile } from '../../renderer/src/guard/question-queue';
import { mergeActivity } from '../../renderer/src/util/activity-merge';

function question(id: string, askedAt: string): GuardQuestionView {
  return {
    id,
    askedAt,
    expiresAt: askedAt,
    client: null,
    server: 'other',
    tool: 'Ecs-20140526-DeleteInstance',
    arguments: '{}',
  };
}

const q1 = question('a', '2026-11-21T10:00:01.000Z');
const q2 = question('b', '2026-11-21T10:00:02.000Z');
const q3 = question('c', '2026-11-21T10:00:03.000Z');

describe('the approval queue', () => {
  it('keeps questions in the order asked, each once', () => {
    let queue = enqueue([], q2, 1);
    queue = enqueue(queue, q1, 2);
    queue = enqueue(queue, q2, 3);
    expect(queue.map((item) => item.question.id)).toEqual(['a', 'b']);
    expect(dequeue(queue, 'a').map((item) => item.question.id)).toEqual(['b']);
  });

  it('a listing drops answered questions but keeps ones that arrived after it was asked for', () => {
    const queue = enqueue(enqueue(enqueue([], q1, 1), q2, 2), q3, 5);
    // listed at seq 3: q1 was answered elsewhere, q2 still waits; q3 came by event after the listing
    const next = reconcile(queue, [q2], 3);
    expect(next.map((item) => item.question.id)).toEqual(['b', 'c']);
  });
});

function entry(time: string, path = '/x'): ActivityEntry {
  return {
    time,
    client: null,
    account: null,
    server: null,
    serverId: null,
    method: 'POST',
    path,
    rpcMethod: null,
    tool: null,
    status: 200,
    durationMs: 1,
    bytesIn: 0,
    bytesOut: 0,
    outcome: 'ok',
    reason: null,
  };
}

describe('live activity merged with a listing', () => {
  it('shows each entry once, newest first, at most the limit', () => {
    const old = entry('2026-11-21T10:00:00.000Z');
    const mid = entry('2026-11-21T10:00:01.000Z');
    const fresh = entry('2026-11-21T10:00:02.000Z');
    const rows = mergeActivity([fresh, mid], [mid, old], 10);
    expect(rows.map((r) => r.time)).toEqual([fresh.time, mid.time, old.time]);
    expect(mergeActivity([fresh, mid], [mid, old], 2)).toHaveLength(2);
  });
});

describe('the page a location hash names', () => {
  it.each([
    ['#servers', 'servers'],
    ['#/clients', 'clients'],
    ['#guard', 'guard'],
    ['', null],
    ['#token=abc', null],
    ['#nothing', null],
  ])('%j → %j', (hash, page) => {
    expect(pageFromHash(hash)).toBe(page);
  });
});
