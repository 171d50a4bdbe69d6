import type { ReactNode } from 'react';
import type { ActivityEntry, GuardAnsweredBy } from '../../../../shared/activity';
import { formatDuration } from '../../util/format';
import { DECISION_LABELS } from './outcome-labels';

const ANSWERED_BY: Readonly<Record<GuardAnsweredBy, string>> = {
  policy: 'by the rules',
  person: 'by you',
  timeout: 'no answer in time',
  'no-one': 'no window to ask in',
  'client-gone': 'the client went away',
};

/** True when the Guard stopped the request's tool call. */
export function guardDenied(entry: ActivityEntry): boolean {
  return entry.decision === 'deny' || entry.decision === 'ask-denied';
}

/** What the Guard decided for one request (nothing when it did not look): decision, rule, who settled it, how long it took. */
export function GuardDecisionCell({ entry }: { readonly entry: ActivityEntry }): ReactNode {
  const decision = entry.decision ?? null;
  if (decision === null) return null;
  const details = [
    entry.guardRule ?? null,
    entry.answeredBy === undefined || entry.answeredBy === null
      ? null
      : ANSWERED_BY[entry.answeredBy],
    entry.decisionMs === undefined || entry.decisionMs === null || entry.answeredBy !== 'person'
      ? null
      : `after ${formatDuration(entry.decisionMs)}`,
  ].filter((part): part is string => part !== null);
  return (
    <div className="guard-decision">
      Guard: <span className={`badge badge-decision-${decision}`}>{DECISION_LABELS[decision]}</span>
      {details.length > 0 && <small className="block reason">{details.join(' · ')}</small>}
      {entry.toolsHidden !== undefined && entry.toolsHidden !== null && entry.toolsHidden > 0 && (
        <small className="block muted">{entry.toolsHidden} tools hidden from the list</small>
      )}
    </div>
  );
}
