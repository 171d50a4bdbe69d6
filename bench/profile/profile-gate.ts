/**
 * `tsx bench/profile/profile-gate.ts [--gate-cli PATH] [--path json|sse|list|stream] [--seconds N] [--connections N] [--out FILE]`:
 * starts the upstream, the OAuth server and one `mcp-gate proxy` under `node --cpu-prof`, loads
 * only the gate, stops it (the profile is written on exit) and prints where its CPU time went;
 * `--out` keeps the .cpuprofile (open it in Chrome DevTools or speedscope for a flame graph).
 */
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMainGate } from '../gate/main-gate';
import { Cleanup, stopOnSignals } from '../infra/cleanup';
import { runWrk } from '../infra/wrk-runner';
import { formatNumber, formatTable } from '../lib/table';
import { startSseClient } from '../sse/sse-client';
import {
  BENCH_PATHS,
  MCP_POST_HEADERS,
  TOOLS_CALL_BODY,
  TOOLS_LIST_BODY,
} from '../upstream/upstream-paths';
import { summariseCpuProfile, type CpuProfile, type SelfTime } from './cpu-profile-summary';
import { arg } from './profile-args';
import { log, startProfileStack } from './profile-stack';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const cli = arg('--gate-cli', join(ROOT, 'dist/cli/mcp-gate.cjs'));
const kind = arg('--path', 'json');
const seconds = Number(arg('--seconds', '10'));
const connections = Number(arg('--connections', '16'));
const cleanup = new Cleanup();
const removeSignalHandlers = stopOnSignals(cleanup);

try {
  const { scope, tmpDir, upstream, oauth } = await startProfileStack(cleanup, 'profile');
  const profileDir = join(tmpDir, 'profile');
  const main = await startMainGate({
    scope,
    tmpDir,
    oauth,
    upstream,
    cli,
    coldStarts: 0,
    nodeFlags: ['--cpu-prof', '--cpu-prof-dir', profileDir],
    log,
  });
  log(`loading ${main.gate.url} (${kind}) for ${seconds} s at ${connections} connections`);
  if (kind === 'stream') {
    const sse = await startSseClient(scope);
    const url = `${main.gate.url}${BENCH_PATHS.stream}?mode=flood&n=10000`;
    const until = Date.now() + seconds * 1000;
    let events = 0;
    while (Date.now() < until) events += (await sse.flood({ url, headers: {} }, 10_000)).events;
    log(`${events} events streamed`);
  } else {
    const path =
      kind === 'sse'
        ? BENCH_PATHS.sseCall
        : kind === 'list'
          ? BENCH_PATHS.toolsList
          : BENCH_PATHS.jsonCall;
    const result = await runWrk(scope, tmpDir, {
      url: main.gate.url + path,
      request: {
        method: 'POST',
        body: kind === 'list' ? TOOLS_LIST_BODY : TOOLS_CALL_BODY,
        headers: MCP_POST_HEADERS,
      },
      connections,
      durationS: seconds,
    });
    log(`${Math.round(result.rps)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
  }
  await main.gate.stop();
  const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error('the gate wrote no CPU profile');
  const out = arg('--out', '');
  if (out !== '') {
    copyFileSync(join(profileDir, file), out);
    log(`profile kept in ${out}`);
  }
  const summary = summariseCpuProfile(
    JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile,
    40,
  );
  const rows = (list: readonly SelfTime[]): string[][] =>
    list.map((t) => [t.name, formatNumber(t.ms, 0), `${formatNumber(t.share * 100, 1)} %`]);
  process.stdout.write(
    `${formatTable(['package / file', 'self ms', 'share'], rows(summary.groups), ['left', 'right', 'right'])}\n\n` +
      `${formatTable(['function', 'self ms', 'share'], rows(summary.functions), ['left', 'right', 'right'])}\n`,
  );
} catch (error) {
  process.stderr.write(
    `profile: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
} finally {
  await cleanup.run();
  removeSignalHandlers();
}
