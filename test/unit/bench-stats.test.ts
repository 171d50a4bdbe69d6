import { describe, expect, it } from 'vitest';
import { addedLatencyRatio, medianRoundRatio, ratio } from '../../bench/lib/ratios';
import { summariseScenario, type LoadRun } from '../../bench/lib/scenario-summary';
import { median, percentile, rounded } from '../../bench/lib/stats';

function run(rps: number, p50Ms: number, p99Ms: number, cpuUsPerRequest = Number.NaN): LoadRun {
  return {
    requests: rps,
    durationS: 1,
    rps,
    p50Ms,
    p75Ms: p50Ms,
    p90Ms: p99Ms,
    p99Ms,
    non2xx: 0,
    socketErrors: 0,
    cpuUsPerRequest,
  };
}

describe('median and percentile', () => {
  it.each([
    { values: [], median: Number.NaN },
    { values: [4], median: 4 },
    { values: [3, 1, 2], median: 2 },
    { values: [4, 1, 3, 2], median: 2.5 },
  ])('median of $values is $median', ({ values, median: expected }) => {
    expect(median(values)).toEqual(expected);
  });

  it('takes the nearest rank and leaves the input unsorted', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([5, 1], 0)).toBe(1);
    expect(values[0]).toBe(100);
  });

  it('rounds, turning NaN into null for JSON', () => {
    expect(rounded(1.23456, 2)).toBe(1.23);
    expect(rounded(Number.NaN, 2)).toBeNull();
  });
});

describe('ratios', () => {
  it('is NaN when the denominator is not positive', () => {
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(3, 4)).toBe(0.75);
  });

  it('takes the median of per-round ratios, not the ratio of medians', () => {
    const rounds = [
      { gate: 80, nginx: 100 },
      { gate: 40, nginx: 50 },
      { gate: 90, nginx: 200 },
    ];
    expect(medianRoundRatio(rounds, 'gate', 'nginx')).toBe(0.8);
  });

  it('compares latency added over direct, and refuses a zero baseline', () => {
    expect(addedLatencyRatio(0.5, 0.3, 0.1)).toBeCloseTo(2);
    expect(addedLatencyRatio(0.5, 0.1, 0.1)).toBeNaN();
  });
});

describe('summariseScenario', () => {
  it('gives medians per target and per-round ratios', () => {
    const result = summariseScenario('json-call', 16, [
      { direct: run(1000, 0.1, 1), nginx: run(800, 0.2, 2, 10), gate: run(600, 0.3, 3, 40) },
      { direct: run(900, 0.1, 1), nginx: run(600, 0.3, 3, 20), gate: run(300, 0.5, 5, 40) },
      { direct: run(1100, 0.1, 1), nginx: run(1000, 0.2, 2, 10), gate: run(700, 0.4, 4, 50) },
    ]);
    expect(result.gate).toEqual({
      rps: 600,
      p50_ms: 0.4,
      p99_ms: 4,
      cpu_us_per_request: 40,
      runs: 3,
      errors: 0,
    });
    expect(result.direct.cpu_us_per_request).toBeNull();
    expect(result.ratio.gate_vs_nginx_rps).toBe(0.7);
    expect(result.ratio.gate_vs_direct_rps).toBe(0.6);
    expect(result.ratio.gate_vs_nginx_added_p50).toBe(2);
    expect(result.ratio.gate_vs_nginx_cpu_per_request).toBe(4);
    expect(result.added_p50_ms).toEqual({ nginx: 0.1, gate: 0.3 });
    expect(result.gate_off).toBeUndefined();
  });

  it('reads the guard-on gates under their own names', () => {
    const result = summariseScenario(
      'guard-on',
      16,
      [
        {
          direct: run(1000, 0.1, 1),
          nginx: run(800, 0.2, 2),
          on: run(400, 0.4, 4),
          off: run(500, 0.3, 3),
        },
      ],
      { gate: 'on', gateOff: 'off', measured: 'on vs off' },
    );
    expect(result.gate.rps).toBe(400);
    expect(result.gate_off?.rps).toBe(500);
    expect(result.ratio.gate_on_vs_off_rps).toBe(0.8);
    expect(result.measured).toBe('on vs off');
  });
});
