import type { ScenarioResult } from '../lib/report-shape';
import { summariseScenario } from '../lib/scenario-summary';
import { BENCH_PATHS, TOOLS_CALL_BODY, TOOLS_LIST_BODY } from '../upstream/upstream-paths';
import type { BenchContext, LoadTarget } from './bench-context';
import { measureRounds, warmUp } from './load-rounds';

/** The connection count of the scenarios measured at one load level (guard-on, warm-up). */
export const MAIN_CONNECTIONS = 16;

/** json-call / sse-call: `tools/call` answered as JSON or as a one-event stream, at each connection count. */
export async function callScenario(
  ctx: BenchContext,
  targets: readonly LoadTarget[],
  name: 'json-call' | 'sse-call',
): Promise<ScenarioResult[]> {
  const path = name === 'json-call' ? BENCH_PATHS.jsonCall : BENCH_PATHS.sseCall;
  const results: ScenarioResult[] = [];
  for (const connections of ctx.options.connections) {
    const rounds = await measureRounds(
      ctx,
      targets,
      { path, body: TOOLS_CALL_BODY, connections },
      name,
    );
    results.push(summariseScenario(name, connections, rounds));
  }
  return results;
}

/** tools-list-500: a 500-tool `tools/list` answer (~200 KB) on one connection: the latency added. */
export async function toolsListScenario(
  ctx: BenchContext,
  targets: readonly LoadTarget[],
): Promise<ScenarioResult> {
  const spec = { path: BENCH_PATHS.toolsList, body: TOOLS_LIST_BODY, connections: 1 };
  const rounds = await measureRounds(ctx, targets, spec, 'tools-list-500');
  return summariseScenario('tools-list-500', 1, rounds);
}

/** The two gates guard-on compares: with inspection on and off. */
export interface GuardTargets {
  readonly on: LoadTarget;
  readonly off: LoadTarget;
  /** What was compared, for the report. */
  readonly measured: string;
}

/** guard-on: json-call at 16 connections through direct, nginx and the gate with inspection on and off. */
export async function guardScenario(
  ctx: BenchContext,
  direct: LoadTarget,
  nginx: LoadTarget,
  guard: GuardTargets,
): Promise<ScenarioResult> {
  const spec = { path: BENCH_PATHS.jsonCall, body: TOOLS_CALL_BODY, connections: MAIN_CONNECTIONS };
  await warmUp(ctx, [guard.on, guard.off], spec);
  const rounds = await measureRounds(ctx, [direct, nginx, guard.on, guard.off], spec, 'guard-on');
  return summariseScenario('guard-on', MAIN_CONNECTIONS, rounds, {
    gate: guard.on.name,
    gateOff: guard.off.name,
    measured: guard.measured,
  });
}
