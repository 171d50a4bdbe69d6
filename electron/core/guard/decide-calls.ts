import {
  askedDecision,
  denialReason,
  policyDecision,
  type CallDecision,
} from '../../../shared/guard/call-decision';
import {
  decideToolCall,
  type GuardCall,
  type GuardPolicy,
} from '../../../shared/guard/decide-tool-call';
import { deniedToolResult, denialMessage } from '../../../shared/guard/denial';
import { classifyMessage, type JsonRpcId } from '../../../shared/guard/json-rpc-messages';
import type { AskInput, AskOutcome } from './guard-broker';

/** One tool call of a body, decided. */
export interface DecidedCall {
  readonly position: number;
  /** Undefined for a notification. */
  readonly id: JsonRpcId | undefined;
  readonly call: GuardCall;
  readonly decision: CallDecision;
}

/** The tool calls of a body: those decided now, and those waiting for a person. */
export interface CallDecisions {
  readonly all: Promise<readonly DecidedCall[]>;
  /** The rule or preset of the first call that waits for a person, or null when none does. */
  readonly asking: string | null;
}

/** What deciding needs: the policy, who a call is, and how to ask (with the signal of the client going away). */
export interface DecideOptions {
  readonly policy: GuardPolicy;
  readonly callOf: (tool: string) => GuardCall;
  readonly ask: (input: AskInput) => Promise<AskOutcome>;
}

/**
 * Decides each `tools/call` of a body: the policy settles most at once; `ask` ones wait for
 * a person. A notification cannot wait for an answer, so nobody is asked about it: denied.
 */
export function decideCalls(messages: readonly unknown[], options: DecideOptions): CallDecisions {
  const pending: (DecidedCall | Promise<DecidedCall>)[] = [];
  let asking: string | null = null;
  messages.forEach((message, position) => {
    const parsed = classifyMessage(message);
    if (parsed.kind !== 'tool-call') return;
    const call = options.callOf(parsed.tool);
    const verdict = decideToolCall(call, options.policy);
    const id = parsed.id;
    if (verdict.action !== 'ask') {
      pending.push({ position, id, call, decision: policyDecision(verdict) });
    } else if (id === undefined) {
      pending.push({ position, id, call, decision: askedDecision(verdict, 'deny', 'no-one') });
    } else {
      asking ??= verdict.basis;
      pending.push(
        options
          .ask({ call, arguments: parsed.arguments, basis: verdict.basis })
          .then((outcome) => ({
            position,
            id,
            call,
            decision: askedDecision(verdict, outcome.answer, outcome.by),
          })),
      );
    }
  });
  return { all: Promise.all(pending), asking };
}

/** The answers and words for the denied calls: what each gets, and why (for Activity). */
export interface Denials {
  /** Position in the body → the local answer (null for a notification: no answer). */
  readonly heldBack: ReadonlyMap<number, unknown>;
  /** Why, per denied call, in Activity's words. */
  readonly reasons: readonly string[];
  /** What the model and the person read, per denied call. */
  readonly messages: readonly string[];
}

/** Builds the local answers of the denied calls. */
export function denialsOf(decided: readonly DecidedCall[], timeoutSeconds: number): Denials {
  const heldBack = new Map<number, unknown>();
  const reasons: string[] = [];
  const messages: string[] = [];
  for (const d of decided) {
    if (d.decision.allowed) continue;
    reasons.push(denialReason(d.decision, d.call.tool, timeoutSeconds));
    const message = denialMessage(d.call, { ...d.decision, timeoutSeconds });
    messages.push(message);
    heldBack.set(d.position, d.id === undefined ? null : deniedToolResult(d.id, message));
  }
  return { heldBack, reasons, messages };
}
