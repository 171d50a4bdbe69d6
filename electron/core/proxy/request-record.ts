import type {
  ActivityEntry,
  ActivityOutcome,
  GuardAnsweredBy,
  GuardDecisionKind,
} from '../../../shared/activity';
import { parseServerPath } from '../../../shared/server-rules';
import { NO_PEEK, peekJsonRpc, peekParsed, type JsonRpcPeek } from './jsonrpc-peek';

/** What the Guard decided for a request (its most restrictive decision for a batch). */
export interface GuardRecord {
  readonly decision: GuardDecisionKind;
  readonly rule: string;
  readonly answeredBy: GuardAnsweredBy;
  readonly decisionMs: number;
}

/** A body that streams upstream: its bytes so far, and the first ones kept for the peek. */
export interface StreamedBody {
  readonly bytes: number;
  prefix(): { readonly bytes: Buffer; readonly complete: boolean };
}

/**
 * What the activity entry reads of the request body. Data, never a closure: the record lives as
 * long as the request, and a closure stored on it keeps its whole scope (the request, the
 * response, the parsed body) reachable from the record. When the record has reached V8's old
 * generation by then, that scope survives every young collection until the next full one: one
 * such closure per request made ~12 % of the gate's young allocations survive each scavenge
 * (docs/PERFORMANCE.md, `bench/profile/gc-survival.ts`).
 */
type BodyInfo =
  | { readonly kind: 'none' }
  | { readonly kind: 'whole'; readonly bytes: Buffer; readonly json: boolean }
  | { readonly kind: 'parsed'; readonly size: number; readonly message: unknown }
  | { readonly kind: 'streamed'; readonly body: StreamedBody; readonly json: boolean };

const NO_BODY: BodyInfo = { kind: 'none' };

/** What the proxy learns about one request while handling it; becomes one activity entry. */
export class RequestRecord {
  readonly #started: number;
  readonly method: string;
  path: string;
  segments: readonly string[] = [];
  outcome: ActivityOutcome | null = null;
  reason: string | null = null;
  bytesOut = 0;
  clientGone = false;
  upstreamFailed = false;
  /** The configured client whose key the request carried. */
  client: string | null = null;
  /** Set for requests the proxy served itself: they are not activity. */
  local = false;
  /** Set when the Guard decided a tool call of this request. */
  guard: GuardRecord | null = null;
  /** Set while a person is asked (rule in words, start time): the entry of a client gone meanwhile. */
  guardAsking: { readonly rule: string; readonly since: number } | null = null;
  /** Tools the Guard removed from a `tools/list` answer. */
  toolsHidden = 0;
  #body: BodyInfo = NO_BODY;

  constructor(started: number, method: string, target: string) {
    this.#started = started;
    this.method = method;
    const q = target.indexOf('?');
    this.path = (q === -1 ? target : target.slice(0, q)).slice(0, 2048);
  }

  /** The body was read whole; `json` when it is a JSON POST (peeked at for the entry). */
  bodyRead(bytes: Buffer, json: boolean): void {
    this.#body = { kind: 'whole', bytes, json };
  }

  /** The Guard read `size` bytes and parsed them: `message` is the message or the batch array. */
  bodyParsed(size: number, message: unknown): void {
    this.#body = { kind: 'parsed', size, message };
  }

  /** The body streams upstream; the entry counts what went and peeks at the kept prefix. */
  bodyStreamed(body: StreamedBody, json: boolean): void {
    this.#body = { kind: 'streamed', body, json };
  }

  /** Marks the request as refused or failed, with the reason shown in Activity. */
  fail(outcome: ActivityOutcome, reason: string): void {
    this.outcome = outcome;
    this.reason = reason;
  }

  /** The activity entry, given the status sent (0 when none) and the end time. */
  entry(status: number, now: number): ActivityEntry {
    const server = parseServerPath(this.segments);
    const { rpcMethod, tool } = this.#peek();
    return {
      time: new Date(this.#started).toISOString(),
      client: this.client,
      account: server.account,
      server: server.name,
      serverId: server.id,
      method: this.method,
      path: this.path,
      rpcMethod,
      tool,
      status,
      durationMs: Math.max(0, now - this.#started),
      bytesIn: this.#bytesIn(),
      bytesOut: this.bytesOut,
      outcome: this.#outcome(),
      reason: this.reason,
      ...this.#guardFields(now),
    };
  }

  /** The Guard's fields, only on entries the Guard had a say in (older readers never see them). */
  #guardFields(now: number): Partial<ActivityEntry> {
    const asking = this.guardAsking;
    const guard: GuardRecord | null =
      this.guard ??
      (asking === null
        ? null
        : {
            decision: 'ask-denied',
            rule: asking.rule,
            answeredBy: 'client-gone',
            decisionMs: Math.max(0, now - asking.since),
          });
    if (guard === null && this.toolsHidden === 0) return {};
    return {
      decision: guard?.decision ?? null,
      guardRule: guard?.rule ?? null,
      answeredBy: guard?.answeredBy ?? null,
      decisionMs: guard?.decisionMs ?? null,
      toolsHidden: this.toolsHidden,
    };
  }

  #bytesIn(): number {
    const body = this.#body;
    switch (body.kind) {
      case 'none':
        return 0;
      case 'whole':
        return body.bytes.length;
      case 'parsed':
        return body.size;
      case 'streamed':
        return body.body.bytes;
    }
  }

  #peek(): JsonRpcPeek {
    const body = this.#body;
    switch (body.kind) {
      case 'none':
        return NO_PEEK;
      case 'whole':
        return body.json ? peekJsonRpc(body.bytes, true) : NO_PEEK;
      case 'parsed':
        return peekParsed(body.message);
      case 'streamed': {
        if (!body.json) return NO_PEEK;
        const prefix = body.body.prefix();
        return peekJsonRpc(prefix.bytes, prefix.complete);
      }
    }
  }

  #outcome(): ActivityOutcome {
    if (this.outcome !== null) return this.outcome;
    if (this.upstreamFailed) return 'upstream-error';
    if (this.clientGone) return 'client-aborted';
    return 'ok';
  }
}
