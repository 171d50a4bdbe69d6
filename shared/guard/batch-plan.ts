import { idKey, requestId, responseId, type JsonRpcId } from './json-rpc-messages';

/** An answer the proxy gives itself, for the message at `position` in the request body. */
export interface LocalAnswer {
  readonly position: number;
  readonly message: unknown;
}

/** What to do with a request body once each tool call is decided. */
export interface BatchPlan {
  /** The messages to send upstream, in their order; empty when nothing goes upstream. */
  readonly forward: readonly unknown[];
  /** True when `forward` differs from the body received (something was held back). */
  readonly changed: boolean;
  /** Answers for the held-back requests (none for held-back notifications). */
  readonly local: readonly LocalAnswer[];
}

/**
 * Splits a body: messages whose position is in `heldBack` stay here (answered with the given
 * message, or silently dropped when it is null: a notification gets no answer); the rest go on.
 */
export function planBatch(
  messages: readonly unknown[],
  heldBack: ReadonlyMap<number, unknown>,
): BatchPlan {
  const forward: unknown[] = [];
  const local: LocalAnswer[] = [];
  messages.forEach((message, position) => {
    if (!heldBack.has(position)) {
      forward.push(message);
      return;
    }
    const answer = heldBack.get(position);
    if (answer !== null && answer !== undefined) local.push({ position, message: answer });
  });
  return { forward, changed: forward.length !== messages.length, local };
}

/** The body to send upstream: the batch as an array, a single message as itself. */
export function forwardBody(plan: BatchPlan, batch: boolean): string {
  return JSON.stringify(batch ? plan.forward : plan.forward[0]);
}

/**
 * Merges the upstream's answers with the local ones in the order of the requests they answer
 * (JSON-RPC allows any order; clients and people read it more easily in order). Upstream
 * answers that match no request (e.g. an error with id null) come last.
 */
export function mergeAnswers(
  requests: readonly unknown[],
  upstream: readonly unknown[],
  local: readonly LocalAnswer[],
): unknown[] {
  const localAt = new Map(local.map((answer) => [answer.position, answer.message]));
  const pending = upstream.map((message) => ({ message, id: responseId(message), used: false }));
  const take = (id: JsonRpcId): unknown => {
    const found = pending.find((p) => !p.used && p.id !== undefined && idKey(p.id) === idKey(id));
    if (found === undefined) return undefined;
    found.used = true;
    return found.message;
  };
  const merged: unknown[] = [];
  requests.forEach((request, position) => {
    const own = localAt.get(position);
    if (own !== undefined) {
      merged.push(own);
      return;
    }
    const id = requestId(request);
    if (id === undefined) return;
    const answer = take(id);
    if (answer !== undefined) merged.push(answer);
  });
  for (const p of pending) if (!p.used) merged.push(p.message);
  return merged;
}
