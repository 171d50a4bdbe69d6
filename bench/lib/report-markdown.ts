import type { BenchReport, TargetCheck } from './report-shape';
import { formatNumber, formatTable, triple } from './table';

function scenarioTable(report: BenchReport): string {
  const rows = report.scenarios.map((s) => [
    s.name,
    String(s.connections),
    triple([s.direct.rps, s.nginx.rps, s.gate.rps]),
    triple([s.direct.p50_ms, s.nginx.p50_ms, s.gate.p50_ms], 2),
    triple([s.direct.p99_ms, s.nginx.p99_ms, s.gate.p99_ms], 2),
    triple([s.nginx.cpu_us_per_request, s.gate.cpu_us_per_request]),
    formatNumber(s.ratio.gate_vs_nginx_rps, 2),
    formatNumber(s.ratio.gate_vs_direct_rps, 2),
    formatNumber(s.ratio.gate_vs_nginx_added_p50, 2),
    formatNumber(s.ratio.gate_vs_nginx_cpu_per_request, 2),
  ]);
  return formatTable(
    [
      'scenario',
      'conns',
      'req/s direct / nginx / gate',
      'p50 ms d / n / g',
      'p99 ms d / n / g',
      'CPU µs/req n / g',
      'gate/nginx req/s',
      'gate/direct req/s',
      'added p50 g/n',
      'CPU/req g/n',
    ],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
}

function guardLines(report: BenchReport): string[] {
  return report.scenarios
    .filter((s) => s.gate_off !== undefined)
    .map(
      (s) =>
        `${s.name}: ${s.measured ?? ''}. On: ${formatNumber(s.gate.rps)} req/s, ` +
        `${formatNumber(s.gate.cpu_us_per_request)} µs CPU/req; off: ${formatNumber(s.gate_off?.rps)} req/s, ` +
        `${formatNumber(s.gate_off?.cpu_us_per_request)} µs CPU/req; on/off req/s ${formatNumber(s.ratio.gate_on_vs_off_rps, 2)}.`,
    );
}

function sseTable(report: BenchReport): string {
  const { sse } = report;
  const targets = ['direct', 'nginx', 'gate'] as const;
  return formatTable(
    ['SSE target', 'events/s', 'delay p50 ms', 'delay p99 ms'],
    targets.map((t) => [
      t,
      formatNumber(sse.events_per_s[t]),
      formatNumber(sse.delay_ms[t].p50, 3),
      formatNumber(sse.delay_ms[t].p99, 3),
    ]),
    ['left', 'right', 'right', 'right'],
  );
}

function resourcesTable(report: BenchReport): string {
  const r = report.resources;
  return formatTable(
    ['resource (gate)', 'value'],
    [
      [
        'idle RSS',
        `${formatNumber(r.idle_rss_mb, 1)} MB (private ${formatNumber(r.idle_rss_anon_mb, 1)} MB + mapped files ${formatNumber(r.idle_rss_file_mb, 1)} MB)`,
      ],
      [
        `RSS after ${formatNumber(r.requests_before_rss)} requests`,
        `${formatNumber(r.rss_after_100k_mb, 1)} MB, then ${r.rss_growth_mb !== null && r.rss_growth_mb > 0 ? '+' : ''}${formatNumber(r.rss_growth_mb, 1)} MB over ${formatNumber(r.rss_growth_requests)} further requests`,
      ],
      [
        `sockets after ${formatNumber(r.aborts)} aborts`,
        `leaked ${r.leaked_sockets} (client side ${r.sockets_baseline.client} → ${r.sockets_after.client}, upstream side ${r.sockets_baseline.upstream} → ${r.sockets_after.upstream}; upstream streams still open ${r.upstream_streams_open_after})`,
      ],
      [
        'cold start (median)',
        `${formatNumber(r.cold_start_ms)} ms (runs: ${r.cold_start_runs_ms.map((v) => formatNumber(v)).join(', ')})`,
      ],
    ],
  );
}

function checkCell(check: TargetCheck): string {
  if (check.met === null) return 'n/a';
  return check.met ? 'met' : 'MISSED';
}

function digitsFor(check: TargetCheck): number {
  if (check.unit === '×') return 2;
  if (check.unit === 'ms') return Math.abs(check.value ?? 0) >= 100 ? 0 : 2;
  return check.unit === 'MB' ? 1 : 0;
}

function targetsTable(report: BenchReport): string {
  return formatTable(
    ['target', 'value', 'limit', 'result'],
    report.targets.map((t) => [
      t.name,
      `${formatNumber(t.value, digitsFor(t))} ${t.unit}`.trim(),
      `${t.comparison} ${t.limit} ${t.unit}`.trim(),
      checkCell(t),
    ]),
  );
}

/** The run as Markdown: host, scenario, SSE, resource and target tables, and notes. */
export function reportMarkdown(report: BenchReport): string {
  const h = report.host;
  const auth = Object.entries(report.auth_check)
    .map(([target, a]) => `${target} ${a.wrong_authorization}/${formatNumber(a.requests)}`)
    .join(', ');
  return [
    `Run ${report.date} (${report.mode}) on ${h.cpu_model}, ${h.cores} cores, ${h.os}; ` +
      `Node ${h.node}, ${h.nginx}, ${h.wrk}; load average at start ${h.load_average_at_start.join(' ')}.`,
    '',
    scenarioTable(report),
    '',
    ...guardLines(report).flatMap((line) => [line, '']),
    `SSE: ${formatNumber(report.sse.flood_events)}-event flood ×${report.sse.flood_streams_per_target} per target; ` +
      `${report.sse.paced_events} events ${report.sse.paced_interval_ms} ms apart ×${report.sse.paced_streams_per_target}; ` +
      `added delay gate p50 ${formatNumber(report.sse.added_delay_p50_ms, 3)} ms, p99 ${formatNumber(report.sse.added_delay_p99_ms, 3)} ms ` +
      `(nginx p99 ${formatNumber(report.sse.nginx_added_delay_p99_ms, 3)} ms).`,
    '',
    sseTable(report),
    '',
    resourcesTable(report),
    '',
    targetsTable(report),
    '',
    `Wrong Authorization seen upstream (wrong/requests): ${auth}.`,
    ...(report.notes.length === 0 ? [] : ['', ...report.notes.map((n) => `- ${n}`)]),
  ].join('\n');
}
