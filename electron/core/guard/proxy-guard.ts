import type { GuardPolicy } from '../../../shared/guard/decide-tool-call';
import type { AskInput, AskOutcome } from './guard-broker';
import { LegacySessions } from './legacy-sessions';

/** Bytes of a request body the Guard reads to find tool calls; a larger body is refused. */
export const DEFAULT_GUARD_REQUEST_BYTES = 1024 * 1024;
/** Bytes of one answer (JSON body or SSE event) the Guard holds to filter a tools list. */
export const DEFAULT_GUARD_FILTER_BYTES = 16 * 1024 * 1024;
/** How often a held request gets an SSE keep-alive comment while a person is asked. */
export const DEFAULT_KEEP_ALIVE_MS = 10_000;

/** The Guard as the proxy uses it (ProxyOptions.guard). */
export interface ProxyGuard {
  /** The rules and preset now; read per request, so it must be cheap. */
  policy(): GuardPolicy;
  /** Holds a call for a person (the broker's `ask`). */
  ask(input: AskInput, signal: AbortSignal): Promise<AskOutcome>;
  /** Seconds a person has to answer, for the message a timed-out call gets. */
  askTimeoutSeconds(): number;
  readonly requestBytes: number;
  readonly filterBytes: number;
  readonly keepAliveMs: number;
  /** Open legacy SSE streams, to answer denied calls POSTed to their endpoints. */
  readonly sessions: LegacySessions;
}

/** What the proxy's Guard is built from. */
export interface ProxyGuardOptions {
  readonly policy: () => GuardPolicy;
  readonly ask: (input: AskInput, signal: AbortSignal) => Promise<AskOutcome>;
  readonly askTimeoutMs?: () => number;
  readonly requestBytes?: number;
  readonly filterBytes?: number;
  readonly keepAliveMs?: number;
}

/** Builds the Guard for one proxy. */
export function createProxyGuard(options: ProxyGuardOptions): ProxyGuard {
  return {
    policy: options.policy,
    ask: options.ask,
    askTimeoutSeconds: () => (options.askTimeoutMs?.() ?? 60_000) / 1000,
    requestBytes: options.requestBytes ?? DEFAULT_GUARD_REQUEST_BYTES,
    filterBytes: options.filterBytes ?? DEFAULT_GUARD_FILTER_BYTES,
    keepAliveMs: options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS,
    sessions: new LegacySessions(),
  };
}
