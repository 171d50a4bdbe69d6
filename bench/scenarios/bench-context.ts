import type { ProcessScope } from '../infra/managed-process';
import type { BenchOptions } from '../lib/bench-options';
import type { AuthCheck } from '../lib/report-shape';
import type { Upstream } from '../upstream/upstream-handle';

/** Something load is sent to: where, and the headers a client adds itself. */
export interface LoadTarget {
  readonly name: string;
  readonly origin: string;
  /** Client headers (only `direct` sends an Authorization: there is no proxy to add it). */
  readonly headers: Readonly<Record<string, string>>;
  /** Runs before each measurement of this target (e.g. switching a mode). */
  readonly before?: () => Promise<void>;
  /** The proxy's processes, whose CPU time per request is measured (none for direct). */
  readonly pids?: readonly number[];
}

/** Attributes what the upstream saw to the target under load (runs never overlap). */
export class AuthTally {
  readonly #upstream: Upstream;
  readonly #counts = new Map<string, { requests: number; wrong: number }>();

  constructor(upstream: Upstream) {
    this.#upstream = upstream;
  }

  /** Runs `work` against `target` and books the upstream's request and wrong-Authorization deltas to it. */
  async measure<T>(target: string, work: () => Promise<T>): Promise<T> {
    const before = await this.#upstream.stats();
    try {
      return await work();
    } finally {
      const after = await this.#upstream.stats();
      const count = this.#counts.get(target) ?? { requests: 0, wrong: 0 };
      count.requests += after.requests - before.requests;
      count.wrong += after.wrongAuthorization - before.wrongAuthorization;
      this.#counts.set(target, count);
    }
  }

  /** Requests the upstream received through `target` so far. */
  requests(target: string): number {
    return this.#counts.get(target)?.requests ?? 0;
  }

  /** The per-target totals for the report. */
  report(): AuthCheck {
    return Object.fromEntries(
      [...this.#counts].map(([target, c]) => [
        target,
        { requests: c.requests, wrong_authorization: c.wrong },
      ]),
    );
  }
}

/** What every scenario needs. */
export interface BenchContext {
  readonly scope: ProcessScope;
  readonly tmpDir: string;
  readonly upstream: Upstream;
  readonly options: BenchOptions;
  readonly tally: AuthTally;
  /** Progress line on stderr (stdout carries the table). */
  log(line: string): void;
}

/** `targets` rotated by `round`, so no target always runs first (or right after another). */
export function rotated<T>(targets: readonly T[], round: number): T[] {
  const k = round % Math.max(1, targets.length);
  return [...targets.slice(k), ...targets.slice(0, k)];
}
