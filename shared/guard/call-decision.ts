import type { GuardAnsweredBy, GuardDecisionKind } from '../activity';
import type { GuardAnswer } from '../ipc/views';
import type { GuardVerdict } from './decide-tool-call';

/** How one tool call was settled: allowed or not, the kind of decision, who settled it, on what basis. */
export interface CallDecision {
  readonly allowed: boolean;
  readonly decision: GuardDecisionKind;
  readonly by: GuardAnsweredBy;
  readonly basis: string;
}

/** A call the policy settled alone (allow or deny). */
export function policyDecision(verdict: GuardVerdict): CallDecision {
  const allowed = verdict.action === 'allow';
  return { allowed, decision: allowed ? 'allow' : 'deny', by: 'policy', basis: verdict.basis };
}

/** A call a person was asked about, once answered (or timed out). */
export function askedDecision(
  verdict: GuardVerdict,
  answer: GuardAnswer,
  by: GuardAnsweredBy,
): CallDecision {
  const allowed = answer !== 'deny';
  return { allowed, decision: allowed ? 'ask-allowed' : 'ask-denied', by, basis: verdict.basis };
}

const SEVERITY: Readonly<Record<GuardDecisionKind, number>> = {
  deny: 3,
  'ask-denied': 2,
  'ask-allowed': 1,
  allow: 0,
};

/** The most restrictive of a request's decisions (what Activity shows for a batch), or null for none. */
export function mostRestrictive(decisions: readonly CallDecision[]): CallDecision | null {
  let worst: CallDecision | null = null;
  for (const d of decisions) {
    if (worst === null || SEVERITY[d.decision] > SEVERITY[worst.decision]) worst = d;
  }
  return worst;
}

/** A denied call's reason in Activity, in words. */
export function denialReason(d: CallDecision, tool: string, timeoutSeconds: number): string {
  switch (d.by) {
    case 'policy':
      return `${tool} denied by the Guard (${d.basis})`;
    case 'person':
      return `${tool} denied by a person`;
    case 'timeout':
      return `${tool} denied: nobody answered within ${timeoutSeconds} s`;
    case 'no-one':
      return `${tool} denied: nobody to ask (${d.basis})`;
    case 'client-gone':
      return `the client went away while a person was asked about ${tool}`;
  }
}
