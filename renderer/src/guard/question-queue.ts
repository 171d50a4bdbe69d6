import type { GuardQuestionView } from '../../../shared/ipc/views';

/** A held tool call in the window's queue, with when the window learned of it. */
export interface QueuedQuestion {
  readonly question: GuardQuestionView;
  /** Sequence number of the `guard:asked` event (or listing) that brought it. */
  readonly seq: number;
}

/** Adds a question unless it is already queued; the queue stays in the order asked. */
export function enqueue(
  queue: readonly QueuedQuestion[],
  question: GuardQuestionView,
  seq: number,
): readonly QueuedQuestion[] {
  if (queue.some((item) => item.question.id === question.id)) return queue;
  return sortByAsked([...queue, { question, seq }]);
}

/**
 * The queue after a listing of pending questions started at `listedAtSeq`: the listed ones, plus
 * those that arrived by event after the listing was asked for (the listing cannot know them yet).
 */
export function reconcile(
  queue: readonly QueuedQuestion[],
  pending: readonly GuardQuestionView[],
  listedAtSeq: number,
): readonly QueuedQuestion[] {
  const listed = new Set(pending.map((question) => question.id));
  const kept = queue.filter((item) => listed.has(item.question.id) || item.seq > listedAtSeq);
  let next: readonly QueuedQuestion[] = kept;
  for (const question of pending) next = enqueue(next, question, listedAtSeq);
  return next;
}

/** The queue without the question `id`. */
export function dequeue(queue: readonly QueuedQuestion[], id: string): readonly QueuedQuestion[] {
  return queue.filter((item) => item.question.id !== id);
}

function sortByAsked(queue: readonly QueuedQuestion[]): readonly QueuedQuestion[] {
  return [...queue].sort((a, b) => a.question.askedAt.localeCompare(b.question.askedAt));
}
