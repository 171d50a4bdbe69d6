import { useCallback, useEffect, useRef, useState } from 'react';
import type { GuardQuestionView } from '../../../shared/ipc/views';
import { useGateApi } from '../api/gate-api-context';
import { useGateEvent } from '../hooks/use-gate-event';
import { dequeue, enqueue, reconcile, type QueuedQuestion } from './question-queue';

/** The questions waiting for this window, oldest first, and a way to drop one once answered. */
export interface GuardQuestions {
  readonly queue: readonly GuardQuestionView[];
  drop(id: string): void;
}

/** Collects Guard questions from `guard:get` and `guard:asked`; `guard:changed` re-lists them. */
export function useGuardQuestions(): GuardQuestions {
  const api = useGateApi();
  const [queue, setQueue] = useState<readonly QueuedQuestion[]>([]);
  const seq = useRef(0);

  const list = useCallback(async () => {
    const listedAt = seq.current;
    try {
      const view = await api.invoke('guard:get', {});
      setQueue((current) => reconcile(current, view.pending, listedAt));
    } catch {
      // Guard not available: questions still arrive as events and stay until answered
    }
  }, [api]);

  useEffect(() => {
    void list();
  }, [list]);

  useGateEvent('guard:asked', (question) => {
    const mine = ++seq.current;
    setQueue((current) => enqueue(current, question, mine));
  });
  useGateEvent('guard:changed', () => void list());

  const drop = useCallback((id: string) => setQueue((current) => dequeue(current, id)), []);
  return { queue: queue.map((item) => item.question), drop };
}
