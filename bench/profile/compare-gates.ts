/**
 * `tsx bench/profile/compare-gates.ts A.js B.js [--path json|sse|list] [--rounds N] [--seconds N] [--connections N]`:
 * two builds of the CLI side by side against one upstream, loaded in alternation; prints the
 * median requests/s and p50 of each and the median per-round ratio B/A — the A/B test for a
 * hot-path change on a noisy machine.
 */
import { startMainGate } from '../gate/main-gate';
import { Cleanup, stopOnSignals } from '../infra/cleanup';
import { cpuSeconds } from '../infra/proc-stats';
import { runWrk } from '../infra/wrk-runner';
import { medianRoundRatio } from '../lib/ratios';
import { median } from '../lib/stats';
import {
  BENCH_PATHS,
  MCP_POST_HEADERS,
  TOOLS_CALL_BODY,
  TOOLS_LIST_BODY,
} from '../upstream/upstream-paths';
import { arg } from './profile-args';
import { log, startProfileStack } from './profile-stack';

const [a, b] = process.argv.slice(2, 4);
if (a === undefined || b === undefined || a.startsWith('--') || b.startsWith('--')) {
  process.stderr.write(
    'usage: tsx bench/profile/compare-gates.ts A.js B.js [--path json|sse|list] [--rounds N] [--seconds N] [--connections N]\n',
  );
  process.exit(2);
}
const kind = arg('--path', 'json');
const rounds = Number(arg('--rounds', '6'));
const seconds = Number(arg('--seconds', '2'));
const connections = Number(arg('--connections', '16'));
const cleanup = new Cleanup();
const removeSignalHandlers = stopOnSignals(cleanup);

try {
  const { scope, tmpDir, upstream, oauth } = await startProfileStack(cleanup, 'ab');
  const common = { scope, tmpDir, oauth, upstream, coldStarts: 0, nodeFlags: [], log };
  const gateA = await startMainGate({ ...common, cli: a, name: 'A' });
  const gateB = await startMainGate({ ...common, cli: b, name: 'B' });
  const path =
    kind === 'sse'
      ? BENCH_PATHS.sseCall
      : kind === 'list'
        ? BENCH_PATHS.toolsList
        : BENCH_PATHS.jsonCall;
  const load = (url: string, durationS: number) =>
    runWrk(scope, tmpDir, {
      url: url + path,
      request: {
        method: 'POST',
        body: kind === 'list' ? TOOLS_LIST_BODY : TOOLS_CALL_BODY,
        headers: MCP_POST_HEADERS,
      },
      connections,
      durationS,
    });
  // warm-up: JIT and connection pools; the first seconds are far slower than the rest
  for (let i = 0; i < 2; i++) {
    await load(gateA.gate.url, 3);
    await load(gateB.gate.url, 3);
  }
  const rps: Record<string, number>[] = [];
  const p50: Record<string, number>[] = [];
  const cpuUs: Record<string, number>[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const);
    const r: Record<string, number> = {};
    const l: Record<string, number> = {};
    const c: Record<string, number> = {};
    for (const name of order) {
      const gate = name === 'A' ? gateA.gate : gateB.gate;
      const before = cpuSeconds(gate.process.pid);
      const result = await load(gate.url, seconds);
      r[name] = result.rps;
      l[name] = result.p50Ms;
      c[name] = ((cpuSeconds(gate.process.pid) - before) / result.requests) * 1e6;
    }
    log(
      `round ${round + 1}: A ${Math.round(r['A'] ?? 0)} req/s ${(c['A'] ?? 0).toFixed(0)} µs CPU/req, ` +
        `B ${Math.round(r['B'] ?? 0)} req/s ${(c['B'] ?? 0).toFixed(0)} µs CPU/req`,
    );
    rps.push(r);
    p50.push(l);
    cpuUs.push(c);
  }
  const med = (list: Record<string, number>[], k: string): number =>
    median(list.map((x) => x[k] ?? Number.NaN));
  process.stdout.write(
    `A ${a}: ${Math.round(med(rps, 'A'))} req/s, p50 ${med(p50, 'A').toFixed(3)} ms, ${med(cpuUs, 'A').toFixed(1)} µs CPU/request\n` +
      `B ${b}: ${Math.round(med(rps, 'B'))} req/s, p50 ${med(p50, 'B').toFixed(3)} ms, ${med(cpuUs, 'B').toFixed(1)} µs CPU/request\n` +
      `B/A req/s (median of per-round ratios): ${medianRoundRatio(rps, 'B', 'A').toFixed(3)}; ` +
      `B/A CPU per request: ${medianRoundRatio(cpuUs, 'B', 'A').toFixed(3)}\n`,
  );
} catch (error) {
  process.stderr.write(
    `compare: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
} finally {
  await cleanup.run();
  removeSignalHandlers();
}
