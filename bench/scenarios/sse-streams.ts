import type { SseResult, TargetName } from '../lib/report-shape';
import { median, percentile, rounded } from '../lib/stats';
import type { SseClient } from '../sse/sse-client';
import { BENCH_PATHS } from '../upstream/upstream-paths';
import { rotated, type BenchContext, type LoadTarget } from './bench-context';

function streamUrl(target: LoadTarget, query: string): string {
  return `${target.origin}${BENCH_PATHS.stream}?${query}`;
}

function difference(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : rounded(a - b, 3);
}

/**
 * SSE streaming through each target: events/s of a flood of ~200 B events, and the delay of
 * paced events from the upstream's send to the client (same monotonic clock, two processes).
 */
export async function sseStreams(
  ctx: BenchContext,
  client: SseClient,
  targets: Readonly<Record<TargetName, LoadTarget>>,
): Promise<SseResult> {
  const o = ctx.options;
  const list = [targets.direct, targets.nginx, targets.gate];
  const rates = new Map<string, number[]>();
  const delays = new Map<string, number[]>();

  for (let round = 0; round < o.floodStreams; round++) {
    for (const target of rotated(list, round)) {
      const result = await ctx.tally.measure(target.name, () =>
        client.flood(
          { url: streamUrl(target, `mode=flood&n=${o.floodEvents}`), headers: target.headers },
          o.floodEvents,
        ),
      );
      if (result.events !== o.floodEvents) {
        throw new Error(
          `${target.name}: the flood stream delivered ${result.events} of ${o.floodEvents} events.`,
        );
      }
      rates.set(target.name, [
        ...(rates.get(target.name) ?? []),
        (result.events / result.ms) * 1000,
      ]);
    }
  }
  for (let round = 0; round < o.pacedStreams; round++) {
    for (const target of rotated(list, round)) {
      const query = `mode=paced&n=${o.pacedEvents}&interval=${o.pacedIntervalMs}`;
      const got = await ctx.tally.measure(target.name, () =>
        client.paced({ url: streamUrl(target, query), headers: target.headers }),
      );
      if (got.length !== o.pacedEvents) {
        throw new Error(
          `${target.name}: the paced stream delivered ${got.length} of ${o.pacedEvents} events.`,
        );
      }
      delays.set(target.name, [...(delays.get(target.name) ?? []), ...got]);
    }
  }

  const rate = (t: TargetName): number | null =>
    rounded(median(rates.get(targets[t].name) ?? []), 0);
  const delay = (t: TargetName, p: number): number | null =>
    rounded(percentile(delays.get(targets[t].name) ?? [], p), 3);
  const delayMs = {
    direct: { p50: delay('direct', 50), p99: delay('direct', 99) },
    nginx: { p50: delay('nginx', 50), p99: delay('nginx', 99) },
    gate: { p50: delay('gate', 50), p99: delay('gate', 99) },
  };
  for (const t of ['direct', 'nginx', 'gate'] as const) {
    ctx.log(
      `  sse ${t}: ${rate(t) ?? '–'} events/s, delay p50 ${delayMs[t].p50 ?? '–'} ms, p99 ${delayMs[t].p99 ?? '–'} ms`,
    );
  }
  return {
    events_per_s: { direct: rate('direct'), nginx: rate('nginx'), gate: rate('gate') },
    added_delay_p99_ms: difference(delayMs.gate.p99, delayMs.direct.p99),
    added_delay_p50_ms: difference(delayMs.gate.p50, delayMs.direct.p50),
    nginx_added_delay_p99_ms: difference(delayMs.nginx.p99, delayMs.direct.p99),
    delay_ms: delayMs,
    flood_events: o.floodEvents,
    flood_streams_per_target: o.floodStreams,
    paced_events: o.pacedEvents,
    paced_interval_ms: o.pacedIntervalMs,
    paced_streams_per_target: o.pacedStreams,
  };
}
