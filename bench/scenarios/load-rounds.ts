import { cpuSeconds } from '../infra/proc-stats';
import { runWrk } from '../infra/wrk-runner';
import type { LoadRun, RoundResults } from '../lib/scenario-summary';
import { MCP_POST_HEADERS } from '../upstream/upstream-paths';
import { rotated, type BenchContext, type LoadTarget } from './bench-context';

/** One closed-loop measurement: which MCP server path, which JSON-RPC body, how many connections. */
export interface LoadSpec {
  readonly path: string;
  readonly body: string;
  readonly connections: number;
}

/** Runs wrk once against `target` with `spec` for `durationS`, booking the upstream's view to the target. */
export async function loadOnce(
  ctx: BenchContext,
  target: LoadTarget,
  spec: LoadSpec,
  durationS: number,
): Promise<LoadRun> {
  await target.before?.();
  const cpu = (): number => (target.pids ?? []).reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const cpuBefore = target.pids === undefined ? Number.NaN : cpu();
  const result = await ctx.tally.measure(target.name, () =>
    runWrk(ctx.scope, ctx.tmpDir, {
      url: target.origin + spec.path,
      request: {
        method: 'POST',
        body: spec.body,
        headers: { ...MCP_POST_HEADERS, ...target.headers },
      },
      connections: spec.connections,
      durationS,
    }),
  );
  const cpuUsPerRequest = ((cpu() - cpuBefore) / result.requests) * 1e6;
  return { ...result, cpuUsPerRequest };
}

/** Loads every target for the warm-up time (JIT, connection pools), results discarded. */
export async function warmUp(
  ctx: BenchContext,
  targets: readonly LoadTarget[],
  spec: LoadSpec,
): Promise<void> {
  for (const target of targets) await loadOnce(ctx, target, spec, ctx.options.warmupS);
}

/** `repeats` rounds; each runs every target once, in an order rotated per round. */
export async function measureRounds(
  ctx: BenchContext,
  targets: readonly LoadTarget[],
  spec: LoadSpec,
  label: string,
): Promise<RoundResults[]> {
  const rounds: RoundResults[] = [];
  for (let round = 0; round < ctx.options.repeats; round++) {
    const results: Record<string, LoadRun> = {};
    for (const target of rotated(targets, round)) {
      const result = await loadOnce(ctx, target, spec, ctx.options.durationS);
      results[target.name] = result;
      const errors = result.non2xx + result.socketErrors;
      ctx.log(
        `  ${label} c=${spec.connections} round ${round + 1} ${target.name}: ` +
          `${Math.round(result.rps)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms` +
          (Number.isFinite(result.cpuUsPerRequest)
            ? `, ${result.cpuUsPerRequest.toFixed(0)} µs CPU/req`
            : '') +
          (errors > 0 ? `, ${errors} ERRORS` : ''),
      );
    }
    rounds.push(results);
  }
  return rounds;
}
