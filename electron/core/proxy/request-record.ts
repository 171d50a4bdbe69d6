import type {
  ActivityEntry,
  ActivityOutcome,
  GuardAnsweredBy,
  GuardDecisionKind,
} from '../../../shared/activity';
import { parseServerPath } from '../../../shared/server-rules';
import { NO_PEEK, type JsonRpcPeek } from './jsonrpc-peek';

/** What the Guard decided for a request (its most restrictive decision for a batch). */
export interface GuardRecord {
  readonly decision: GuardDecisionKind;
  readonly rule: string;
  readonly answeredBy: GuardAnsweredBy;
  readonly decisionMs: number;
}

/** What the proxy learns about one request while handling it; becomes one activity entry. */
export class RequestRecord {
  readonly #started: number;
  readonly method: string;
  path: string;
  segments: readonly string[] = [];
  outcome: ActivityOutcome | null = null;
  reason: string | null = null;
  /** Reads the request body bytes received so far. */
  bytesIn: () => number = () => 0;
  bytesOut = 0;
  clientGone = false;
  upstreamFailed = false;
  /** The configured client whose key the request carried. */
  client: string | null = null;
  /** Set for requests the proxy served itself: they are not activity. */
  local = false;
  peek: () => JsonRpcPeek = () => NO_PEEK;
  /** Set when the Guard decided a tool call of this request. */
  guard: GuardRecord | null = null;
  /** Set while a person is asked (rule in words, start time): the entry of a client gone meanwhile. */
  guardAsking: { readonly rule: string; readonly since: number } | null = null;
  /** Tools the Guard removed from a `tools/list` answer. */
  toolsHidden = 0;

  constructor(started: number, method: string, target: string) {
    this.#started = started;
    this.method = method;
    const q = target.indexOf('?');
    this.path = (q === -1 ? target : target.slice(0, q)).slice(0, 2048);
  }

  /** Marks the request as refused or failed, with the reason shown in Activity. */
  fail(outcome: ActivityOutcome, reason: string): void {
    this.outcome = outcome;
    this.reason = reason;
  }

  /** The activity entry, given the status sent (0 when none) and the end time. */
  entry(status: number, now: number): ActivityEntry {
    const server = parseServerPath(this.segments);
    const { rpcMethod, tool } = this.peek();
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
      bytesIn: this.bytesIn(),
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

  #outcome(): ActivityOutcome {
    if (this.outcome !== null) return this.outcome;
    if (this.upstreamFailed) return 'upstream-error';
    if (this.clientGone) return 'client-aborted';
    return 'ok';
  }
}
