import { describe, expect, it } from 'vitest';
import { DOCS_END, DOCS_START, replaceDocsBlock } from '../../bench/lib/docs-block';
import { reportMarkdown } from '../../bench/lib/report-markdown';
import type {
  BenchReport,
  ResourcesResult,
  ScenarioResult,
  SseResult,
  TargetNumbers,
} from '../../bench/lib/report-shape';
import { formatNumber, formatTable, triple } from '../../bench/lib/table';
import { targetChecks } from '../../bench/lib/target-checks';

function numbers(rps: number, p50: number, cpu: number | null = null): TargetNumbers {
  return { rps, p50_ms: p50, p99_ms: p50 * 10, cpu_us_per_request: cpu, runs: 3, errors: 0 };
}

function scenario(connections: number, gateVsNginx: number, addedP50: number): ScenarioResult {
  return {
    name: 'json-call',
    connections,
    direct: numbers(30_000, 0.1),
    nginx: numbers(20_000, 0.2, 15),
    gate: numbers(20_000 * gateVsNginx, 0.3, 90),
    ratio: {
      gate_vs_nginx_rps: gateVsNginx,
      gate_vs_direct_rps: 0.5,
      gate_vs_nginx_added_p50: addedP50,
      gate_vs_nginx_cpu_per_request: 6,
    },
    added_p50_ms: { nginx: 0.1, gate: 0.2 },
  };
}

const SSE: SseResult = {
  events_per_s: { direct: 500_000, nginx: 450_000, gate: 200_000 },
  added_delay_p99_ms: 0.4,
  added_delay_p50_ms: 0.1,
  nginx_added_delay_p99_ms: 0.2,
  delay_ms: {
    direct: { p50: 0.3, p99: 1 },
    nginx: { p50: 0.35, p99: 1.2 },
    gate: { p50: 0.4, p99: 1.4 },
  },
  flood_events: 10_000,
  flood_streams_per_target: 10,
  paced_events: 100,
  paced_interval_ms: 10,
  paced_streams_per_target: 3,
};

const RESOURCES: ResourcesResult = {
  idle_rss_mb: 70.5,
  idle_rss_anon_mb: 40,
  idle_rss_file_mb: 30.5,
  rss_after_100k_mb: 120,
  rss_growth_mb: 2,
  rss_growth_requests: 50_000,
  requests_before_rss: 100_000,
  leaked_sockets: 0,
  sockets_baseline: { client: 0, upstream: 10 },
  sockets_after: { client: 0, upstream: 8 },
  aborts: 1000,
  upstream_streams_open_after: 0,
  cold_start_ms: 250,
  cold_start_runs_ms: [240, 250, 260],
  rss_samples_mb: { idle: 70.5 },
};

describe('formatTable', () => {
  it('pads columns and right-aligns numbers as a Markdown table', () => {
    expect(
      formatTable(
        ['name', 'req/s'],
        [
          ['direct', '12,345'],
          ['gate', '9'],
        ],
        ['left', 'right'],
      ),
    ).toBe(
      [
        '| name   |  req/s |',
        '| ------ | -----: |',
        '| direct | 12,345 |',
        '| gate   |      9 |',
      ].join('\n'),
    );
  });

  it('formats numbers with separators and a dash for missing values', () => {
    expect(formatNumber(12345.678)).toBe('12,346');
    expect(formatNumber(0.1234, 2)).toBe('0.12');
    expect(formatNumber(null)).toBe('–');
    expect(formatNumber(Number.NaN)).toBe('–');
    expect(triple([1000, null, 3])).toBe('1,000 / – / 3');
  });
});

describe('targetChecks', () => {
  it('checks each target of the issue, n/a when not measured', () => {
    const checks = targetChecks([scenario(1, 0.9, 1.2), scenario(16, 0.7, 1.6)], SSE, {
      ...RESOURCES,
      cold_start_ms: null,
    });
    expect(checks.map((c) => [c.name, c.met])).toEqual([
      ['json-call throughput at 16 conns vs nginx', false],
      ['json-call added p50 at 1 conn vs nginx', true],
      ['json-call added p50 at 16 conns vs nginx', false],
      ['SSE added delay p99', true],
      ['idle RSS', false],
      ['sockets leaked after aborts', true],
      ['cold start', null],
    ]);
  });
});

describe('reportMarkdown', () => {
  it('shows the host, one row per scenario and the target verdicts', () => {
    const scenarios = [scenario(16, 0.7, 1.6)];
    const report: BenchReport = {
      date: '2025-01-01T00:00:00.000Z',
      mode: 'full',
      settings: {},
      host: {
        cpu_model: 'Test CPU',
        cores: 2,
        os: 'Linux 6',
        node: 'v24.0.0',
        nginx: 'nginx/1.22.1',
        wrk: 'wrk 4.1.0',
        load_average_at_start: [0.1, 0.2, 0.3],
      },
      gate_cli: { path: 'dist/cli/mcp-gate.js', stale: false, note: '' },
      scenarios,
      sse: SSE,
      resources: RESOURCES,
      targets: targetChecks(scenarios, SSE, RESOURCES),
      auth_check: { gate: { requests: 10, wrong_authorization: 0 } },
      notes: ['a note'],
    };
    const text = reportMarkdown(report);
    expect(text).toContain('Test CPU, 2 cores');
    expect(text).toMatch(/\| json-call \|\s+16 \|\s+30,000 \/ 20,000 \/ 14,000 \|/);
    expect(text).not.toContain('\n\n\n');
    expect(text).toMatch(
      /\| json-call throughput at 16 conns vs nginx \| 0\.70 × +\| >= 0\.8 × +\| MISSED/,
    );
    expect(text).toContain('Wrong Authorization seen upstream (wrong/requests): gate 0/10.');
    expect(text.endsWith('- a note')).toBe(true);
  });
});

describe('replaceDocsBlock', () => {
  it('replaces what is between the markers and keeps the rest', () => {
    const doc = `# Perf\n\nintro\n\n${DOCS_START}\nold\n${DOCS_END}\n\n## After\n`;
    expect(replaceDocsBlock(doc, 'new table')).toBe(
      `# Perf\n\nintro\n\n${DOCS_START}\n\nnew table\n\n${DOCS_END}\n\n## After\n`,
    );
  });

  it('appends a section with the markers when there are none', () => {
    expect(replaceDocsBlock('# Perf\n', 'table')).toBe(
      `# Perf\n\n## Latest run\n\n${DOCS_START}\n\ntable\n\n${DOCS_END}\n`,
    );
  });
});
