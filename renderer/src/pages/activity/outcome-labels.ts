import type { ActivityOutcome, GuardDecisionKind } from '../../../../shared/activity';

/** Every outcome with the words the Activity page uses for it. */
export const OUTCOME_LABELS: Readonly<Record<ActivityOutcome, string>> = {
  ok: 'OK',
  blocked: 'Blocked',
  rejected: 'Rejected',
  'signed-out': 'Signed out',
  'upstream-error': 'Upstream error',
  'client-aborted': 'Client went away',
};

/** Outcomes where MCP Gate itself refused the request; their rows are marked. */
export const REFUSED_OUTCOMES: ReadonlySet<ActivityOutcome> = new Set(['blocked', 'rejected']);

/** Each Guard decision in words. */
export const DECISION_LABELS: Readonly<Record<GuardDecisionKind, string>> = {
  allow: 'Allowed',
  deny: 'Denied',
  'ask-allowed': 'Asked, allowed',
  'ask-denied': 'Asked, denied',
};
