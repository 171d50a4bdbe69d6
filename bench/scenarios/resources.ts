import { rssMb, tcpConnections } from '../infra/proc-stats';
import type { ConnectionCounts } from '../lib/proc-net-tcp';
import type { SseClient } from '../sse/sse-client';
import { BENCH_PATHS, TOOLS_CALL_BODY } from '../upstream/upstream-paths';
import type { BenchContext, LoadTarget } from './bench-context';
import { MAIN_CONNECTIONS } from './http-scenarios';
import { loadOnce } from './load-rounds';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The gate process whose footprint is read. */
export interface GateUnderTest {
  readonly target: LoadTarget;
  readonly pid: number;
  readonly port: number;
}

/** RSS after the requests, and how it moved over a further block of requests. */
export interface RssResult {
  readonly rssMb: number | null;
  readonly requests: number;
  /** RSS after the further block minus `rssMb`. */
  readonly growthMb: number | null;
  readonly growthRequests: number;
}

/**
 * Loads the gate with json-call until it has forwarded `options.rssRequests` in total
 * (time-capped) and reads its RSS; then loads it for a further block and reads it again. The
 * first load sizes the V8 heap; growth over the further block, on a heap already sized, is the
 * leak signal.
 */
export async function rssAfterRequests(ctx: BenchContext, gate: GateUnderTest): Promise<RssResult> {
  const want = ctx.options.rssRequests;
  const runS = ctx.options.quick ? 1 : 5;
  const deadline = Date.now() + (ctx.options.quick ? 8_000 : 60_000);
  const spec = { path: BENCH_PATHS.jsonCall, body: TOOLS_CALL_BODY, connections: MAIN_CONNECTIONS };
  while (ctx.tally.requests(gate.target.name) < want && Date.now() < deadline) {
    await loadOnce(ctx, gate.target, spec, runS);
  }
  await sleep(500);
  const rss = rssMb(gate.pid);
  const requests = ctx.tally.requests(gate.target.name);
  for (let i = 0; i < (ctx.options.quick ? 1 : 2); i++)
    await loadOnce(ctx, gate.target, spec, runS);
  await sleep(500);
  const after = rssMb(gate.pid);
  return {
    rssMb: rss,
    requests,
    growthMb: rss === null || after === null ? null : after - rss,
    growthRequests: ctx.tally.requests(gate.target.name) - requests,
  };
}

/** What the abort test found. */
export interface AbortResult {
  readonly aborted: number;
  readonly failed: number;
  readonly baseline: ConnectionCounts;
  readonly after: ConnectionCounts;
  readonly leaked: number;
  readonly upstreamStreamsOpen: number;
}

/**
 * Opens `options.aborts` endless streams through the gate, each dropped by the client after its
 * first bytes, then waits (up to 5 s) for the gate's client-side and upstream-side connections
 * to fall back to the baseline and for the upstream to see every stream closed.
 */
export async function abortTest(
  ctx: BenchContext,
  client: SseClient,
  gate: GateUnderTest,
): Promise<AbortResult> {
  const ports = { listen: gate.port, upstream: ctx.upstream.port };
  await sleep(300);
  const baseline = tcpConnections(gate.pid, ports);
  const url = `${gate.target.origin}${BENCH_PATHS.stream}?mode=endless&interval=10`;
  const { aborted, failed } = await ctx.tally.measure(gate.target.name, () =>
    client.aborts({ url, headers: gate.target.headers }, ctx.options.aborts, 25),
  );
  let after = tcpConnections(gate.pid, ports);
  let open = (await ctx.upstream.stats()).openStreams;
  const deadline = Date.now() + 5_000;
  while (
    (after.client > baseline.client || after.upstream > baseline.upstream || open > 0) &&
    Date.now() < deadline
  ) {
    await sleep(100);
    after = tcpConnections(gate.pid, ports);
    open = (await ctx.upstream.stats()).openStreams;
  }
  const leaked =
    Math.max(0, after.client - baseline.client) + Math.max(0, after.upstream - baseline.upstream);
  return { aborted, failed, baseline, after, leaked, upstreamStreamsOpen: open };
}
