import { addedLatencyRatio, medianRoundRatio } from './ratios';
import type { ScenarioName, ScenarioResult, TargetNumbers } from './report-shape';
import { median, rounded } from './stats';
import type { WrkResult } from './wrk-output';

/** One wrk run plus the CPU the proxy process spent per request (NaN when not measured). */
export interface LoadRun extends WrkResult {
  readonly cpuUsPerRequest: number;
}

/** One round: each target's run, measured back to back. */
export type RoundResults = Readonly<Record<string, LoadRun>>;

/** Medians of requests/s, p50 and p99 over a target's runs, with the error count summed. */
export function targetNumbers(runs: readonly LoadRun[]): TargetNumbers {
  const cpu = runs.map((r) => r.cpuUsPerRequest).filter((v) => Number.isFinite(v));
  return {
    rps: rounded(median(runs.map((r) => r.rps)), 0),
    p50_ms: rounded(median(runs.map((r) => r.p50Ms)), 3),
    p99_ms: rounded(median(runs.map((r) => r.p99Ms)), 3),
    cpu_us_per_request: rounded(median(cpu), 1),
    runs: runs.length,
    errors: runs.reduce((sum, r) => sum + r.non2xx + r.socketErrors, 0),
  };
}

function runsOf(rounds: readonly RoundResults[], target: string): LoadRun[] {
  return rounds.map((round) => round[target]).filter((r): r is LoadRun => r !== undefined);
}

function metric(
  rounds: readonly RoundResults[],
  pick: (r: LoadRun) => number,
): Record<string, number>[] {
  return rounds.map((round) =>
    Object.fromEntries(Object.entries(round).map(([target, r]) => [target, pick(r)])),
  );
}

/** Per round, one target's p50 minus direct's; the median of that. */
function addedP50(rounds: readonly RoundResults[], target: string): number | null {
  const added = rounds
    .map((round) => (round[target]?.p50Ms ?? Number.NaN) - (round['direct']?.p50Ms ?? Number.NaN))
    .filter((v) => Number.isFinite(v));
  return rounded(median(added), 3);
}

/** Which round keys to read: `gate` and, for guard-on, the gate with inspection off. */
export interface SummaryKeys {
  readonly gate: string;
  readonly gateOff?: string;
  readonly measured?: string;
}

/**
 * Summarises the rounds of one scenario at one connection count: medians per target, and
 * ratios taken within each round (so they hold on a noisy machine) and then their median.
 */
export function summariseScenario(
  name: ScenarioName,
  connections: number,
  rounds: readonly RoundResults[],
  keys: SummaryKeys = { gate: 'gate' },
): ScenarioResult {
  const rps = metric(rounds, (r) => r.rps);
  const cpu = metric(rounds, (r) => r.cpuUsPerRequest);
  const finiteAdded = rounds
    .map((round) =>
      addedLatencyRatio(
        round[keys.gate]?.p50Ms ?? Number.NaN,
        round['nginx']?.p50Ms ?? Number.NaN,
        round['direct']?.p50Ms ?? Number.NaN,
      ),
    )
    .filter((v) => Number.isFinite(v));
  const base: ScenarioResult = {
    name,
    connections,
    direct: targetNumbers(runsOf(rounds, 'direct')),
    nginx: targetNumbers(runsOf(rounds, 'nginx')),
    gate: targetNumbers(runsOf(rounds, keys.gate)),
    ratio: {
      gate_vs_nginx_rps: rounded(medianRoundRatio(rps, keys.gate, 'nginx'), 3),
      gate_vs_direct_rps: rounded(medianRoundRatio(rps, keys.gate, 'direct'), 3),
      gate_vs_nginx_added_p50: rounded(median(finiteAdded), 3),
      gate_vs_nginx_cpu_per_request: rounded(medianRoundRatio(cpu, keys.gate, 'nginx'), 3),
      ...(keys.gateOff === undefined
        ? {}
        : { gate_on_vs_off_rps: rounded(medianRoundRatio(rps, keys.gate, keys.gateOff), 3) }),
    },
    added_p50_ms: { nginx: addedP50(rounds, 'nginx'), gate: addedP50(rounds, keys.gate) },
  };
  return {
    ...base,
    ...(keys.gateOff === undefined
      ? {}
      : { gate_off: targetNumbers(runsOf(rounds, keys.gateOff)) }),
    ...(keys.measured === undefined ? {} : { measured: keys.measured }),
  };
}
