/** How a proxied request ended, as Activity shows it. */
export type ActivityOutcome =
  'ok' | 'blocked' | 'rejected' | 'signed-out' | 'upstream-error' | 'client-aborted';

/**
 * What the Guard decided for a request's tool call(s): allowed or denied by a rule or the
 * preset, or asked and then allowed or denied (by a person, or by the timeout).
 */
export type GuardDecisionKind = 'allow' | 'deny' | 'ask-allowed' | 'ask-denied';

/** Who settled a Guard decision: a rule or the preset, a person, the ask timeout, nobody to ask, or the client leaving. */
export type GuardAnsweredBy = 'policy' | 'person' | 'timeout' | 'no-one' | 'client-gone';

/** One line of the activity log: one proxied (or refused) request. Never holds a secret or a body. */
export interface ActivityEntry {
  /** ISO 8601 time the request arrived. */
  readonly time: string;
  /** The local client that made it (from its key), or null when unknown. */
  readonly client: string | null;
  readonly account: string | null;
  /** Server name and id read from the path, when the path has them. */
  readonly server: string | null;
  readonly serverId: string | null;
  /** HTTP method and path (no query). */
  readonly method: string;
  readonly path: string;
  /** JSON-RPC method and tool name, where the request body showed them. */
  readonly rpcMethod: string | null;
  readonly tool: string | null;
  /** HTTP status sent to the client (0 when the client went away first). */
  readonly status: number;
  readonly durationMs: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly outcome: ActivityOutcome;
  /** Why it was refused or failed, in words (e.g. the blocking rule). */
  readonly reason: string | null;
  /**
   * Guard fields, present only when the Guard looked at the request (older lines lack them).
   * For a batch they describe its most restrictive decision.
   */
  readonly decision?: GuardDecisionKind | null;
  /** The rule that matched, in words (`rule 2: deny Ecs-*-Delete*`), or the preset. */
  readonly guardRule?: string | null;
  readonly answeredBy?: GuardAnsweredBy | null;
  /** Milliseconds from the request's arrival to the decision (a person's answer included). */
  readonly decisionMs?: number | null;
  /** Tools removed from a `tools/list` answer because the Guard denies them. */
  readonly toolsHidden?: number | null;
}

/** Receives each activity entry; the proxy never waits on it. */
export interface ActivitySink {
  append(entry: ActivityEntry): void;
}
