import type { ActivityEntry, ActivityOutcome } from '../../../shared/activity';
import { parseServerPath } from '../../../shared/server-rules';
import type { JsonRpcPeek } from './jsonrpc-peek';

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
  peek: () => JsonRpcPeek = () => ({ rpcMethod: null, tool: null });

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
    };
  }

  #outcome(): ActivityOutcome {
    if (this.outcome !== null) return this.outcome;
    if (this.upstreamFailed) return 'upstream-error';
    if (this.clientGone) return 'client-aborted';
    return 'ok';
  }
}
