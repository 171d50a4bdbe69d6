import { useEffect, useId, useRef, type ReactNode } from 'react';
import type { GuardAnswer } from '../../../shared/ipc/views';
import { ActionButton } from '../components/action-button';
import { useGateAction } from '../hooks/use-gate-action';
import { useNow } from '../hooks/use-now';
import { formatTime, secondsUntil } from '../util/format';
import { useGuardQuestions } from './use-guard-questions';

const ANSWERS: readonly {
  readonly answer: GuardAnswer;
  readonly label: string;
  readonly tone: 'primary' | 'secondary' | 'danger';
}[] = [
  { answer: 'allow-once', label: 'Allow once', tone: 'primary' },
  { answer: 'always-allow', label: 'Always allow', tone: 'secondary' },
  { answer: 'deny', label: 'Deny', tone: 'danger' },
];

/** A modal dialog for each held tool call, one at a time, oldest first; none is dropped unanswered. */
export function ApprovalDialog(): ReactNode {
  const { queue, drop } = useGuardQuestions();
  const action = useGateAction();
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const titleId = useId();
  const question = queue[0];
  const now = useNow(question === undefined ? null : 1_000);

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (question !== undefined && !element.open) element.showModal();
    if (question === undefined && element.open) element.close();
    heading.current?.focus();
  }, [question]);

  const answer = async (id: string, choice: GuardAnswer): Promise<void> => {
    const result = await action.run(
      'guard:answer',
      { id, answer: choice },
      { key: 'guard:answer', what: 'send your answer' },
    );
    if (result !== undefined) drop(id);
  };

  const secondsLeft = question === undefined ? 0 : secondsUntil(question.expiresAt, now);
  const expired = question !== undefined && secondsLeft === 0;

  return (
    <dialog
      ref={dialog}
      className="approval-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => event.preventDefault()}
      onClose={() => {
        if (question !== undefined) dialog.current?.showModal();
      }}
    >
      {question !== undefined && (
        <div className="approval-body" data-question={question.id}>
          <h2 id={titleId} ref={heading} tabIndex={-1}>
            Allow this tool call?
          </h2>
          {queue.length > 1 && (
            <p className="muted">
              {queue.length - 1} more {queue.length === 2 ? 'question is' : 'questions are'} waiting
              after this one.
            </p>
          )}
          <dl className="facts">
            <dt>Tool</dt>
            <dd className="mono wrap">{question.tool}</dd>
            <dt>Server</dt>
            <dd>{question.server ?? 'unknown'}</dd>
            <dt>Client</dt>
            <dd>{question.client ?? 'unknown'}</dd>
            <dt>Asked</dt>
            <dd>{formatTime(question.askedAt)}</dd>
          </dl>
          <h3 className="small-heading">Arguments</h3>
          <pre className="arguments" tabIndex={0} aria-label="Arguments">
            {question.arguments}
          </pre>
          <p className={expired ? 'callout callout-warn' : 'countdown'} aria-live="off">
            {expired
              ? 'Time is up: MCP Gate denied this call.'
              : `Denied automatically in ${secondsLeft} s unless you answer.`}
          </p>
          <div className="button-row">
            {expired ? (
              <ActionButton tone="primary" onClick={() => drop(question.id)}>
                {queue.length > 1 ? 'Next question' : 'Close'}
              </ActionButton>
            ) : (
              ANSWERS.map((choice) => (
                <ActionButton
                  key={choice.answer}
                  tone={choice.tone}
                  busy={action.isPending('guard:answer')}
                  onClick={() => void answer(question.id, choice.answer)}
                >
                  {choice.label}
                </ActionButton>
              ))
            )}
          </div>
        </div>
      )}
    </dialog>
  );
}
