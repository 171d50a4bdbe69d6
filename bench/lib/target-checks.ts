import type { ResourcesResult, ScenarioResult, SseResult, TargetCheck } from './report-shape';

function check(
  name: string,
  value: number | null,
  comparison: '>=' | '<=',
  limit: number,
  unit: string,
): TargetCheck {
  const met =
    value === null || !Number.isFinite(value)
      ? null
      : comparison === '>='
        ? value >= limit
        : value <= limit;
  return { name, value, limit, comparison, unit, met };
}

/** The targets (throughput, added latency, SSE delay, RSS, sockets, cold start) for one run. */
export function targetChecks(
  scenarios: readonly ScenarioResult[],
  sse: SseResult,
  resources: ResourcesResult,
): TargetCheck[] {
  const json16 = scenarios.find((s) => s.name === 'json-call' && s.connections === 16);
  const json1 = scenarios.find((s) => s.name === 'json-call' && s.connections === 1);
  return [
    check(
      'json-call throughput at 16 conns vs nginx',
      json16?.ratio.gate_vs_nginx_rps ?? null,
      '>=',
      0.8,
      '×',
    ),
    check(
      'json-call added p50 at 1 conn vs nginx',
      json1?.ratio.gate_vs_nginx_added_p50 ?? null,
      '<=',
      1.5,
      '×',
    ),
    check(
      'json-call added p50 at 16 conns vs nginx',
      json16?.ratio.gate_vs_nginx_added_p50 ?? null,
      '<=',
      1.5,
      '×',
    ),
    check('SSE added delay p99', sse.added_delay_p99_ms, '<=', 1, 'ms'),
    check('idle RSS', resources.idle_rss_mb, '<=', 60, 'MB'),
    check('sockets leaked after aborts', resources.leaked_sockets, '<=', 0, ''),
    check('cold start', resources.cold_start_ms, '<=', 300, 'ms'),
  ];
}
