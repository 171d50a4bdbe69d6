/**
 * `tsx bench/profile/gc-survival.ts [--gate-cli PATH] [--starts N] [--seconds N] [--node-flags "…"]`:
 * how V8's young generation fares in the gate under json-call load, over several fresh
 * processes (a process settles into its garbage-collection pattern while it warms up, so one
 * process says little). Each start runs `mcp-gate proxy` under `--trace-gc --trace-gc-nvp`
 * (plus `--node-flags`), loads it at 16 connections and prints requests/s, CPU µs per request,
 * the number of scavenges, and — over the last ten scavenges — the median share of the young
 * objects allocated since the previous one that were still alive (survived %) and the median
 * pause. A request's garbage should die young: a survived % far above the node:http floor's
 * (~0.3 %) means each scavenge copies megabytes.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMainGate } from '../gate/main-gate';
import { Cleanup, stopOnSignals } from '../infra/cleanup';
import { cpuSeconds } from '../infra/proc-stats';
import { runWrk } from '../infra/wrk-runner';
import { median } from '../lib/stats';
import { formatNumber, formatTable } from '../lib/table';
import { BENCH_PATHS, MCP_POST_HEADERS, TOOLS_CALL_BODY } from '../upstream/upstream-paths';
import { arg } from './profile-args';
import { log, startProfileStack } from './profile-stack';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const cli = arg('--gate-cli', join(ROOT, 'dist/cli/mcp-gate.cjs'));
const starts = Number(arg('--starts', '4'));
const seconds = Number(arg('--seconds', '5'));
const nodeFlags = arg('--node-flags', '').split(' ').filter(Boolean);
const cleanup = new Cleanup();
const removeSignalHandlers = stopOnSignals(cleanup);

/** A number field of one `--trace-gc-nvp` line (`name=value`), NaN when absent. */
function field(line: string, name: string): number {
  return Number(new RegExp(` ${name}=([\\d.]+)`).exec(line)?.[1]);
}

try {
  const stack = await startProfileStack(cleanup, 'gc');
  const { scope, tmpDir } = stack;
  const rows: string[][] = [];
  for (let start = 0; start < starts; start++) {
    const { gate } = await startMainGate({
      ...stack,
      cli,
      coldStarts: 0,
      nodeFlags: ['--trace-gc', '--trace-gc-nvp', ...nodeFlags],
      name: `gate-${start}`,
      log,
    });
    const before = cpuSeconds(gate.process.pid);
    const result = await runWrk(scope, tmpDir, {
      url: gate.url + BENCH_PATHS.jsonCall,
      request: { method: 'POST', body: TOOLS_CALL_BODY, headers: MCP_POST_HEADERS },
      connections: 16,
      durationS: seconds,
    });
    const cpuUs = ((cpuSeconds(gate.process.pid) - before) / result.requests) * 1e6;
    const scavenges = gate.process
      .stdout()
      .split('\n')
      .filter((line) => line.includes(' gc=s '));
    const last = scavenges.slice(-10);
    rows.push([
      String(start + 1),
      formatNumber(result.rps, 0),
      formatNumber(cpuUs, 0),
      String(scavenges.length),
      median(
        last.map((l) => (field(l, 'new_space_survived') / field(l, 'allocated')) * 100),
      ).toFixed(1),
      median(last.map((l) => field(l, 'pause'))).toFixed(1),
    ]);
    await gate.stop();
    log(`start ${start + 1} of ${starts} done`);
  }
  process.stdout.write(
    `node flags: ${nodeFlags.join(' ') || '(none)'}\n` +
      formatTable(['start', 'req/s', 'CPU µs/req', 'scavenges', 'survived %', 'pause ms'], rows, [
        'right',
        'right',
        'right',
        'right',
        'right',
        'right',
      ]) +
      '\n',
  );
} catch (error) {
  process.stderr.write(
    `gc-survival: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
} finally {
  await cleanup.run();
  removeSignalHandlers();
}
