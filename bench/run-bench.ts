import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { guardPlanFor, startGuardGates } from './gate/guard-gates';
import { startMainGate } from './gate/main-gate';
import { ACCESS_TOKEN_TTL_S, startOAuth } from './gate/oauth';
import { checkGateCli } from './infra/gate-cli-check';
import { hostFacts } from './infra/host-facts';
import type { ProcessScope } from './infra/managed-process';
import { startNginx } from './infra/nginx-process';
import { rssMb, rssSplitMb } from './infra/proc-stats';
import { FULL_DURATION_S, FULL_REPEATS, type BenchOptions } from './lib/bench-options';
import type { BenchReport, ResourcesResult, ScenarioResult } from './lib/report-shape';
import { median, rounded } from './lib/stats';
import { targetChecks } from './lib/target-checks';
import { AuthTally, type BenchContext, type LoadTarget } from './scenarios/bench-context';
import {
  callScenario,
  guardScenario,
  MAIN_CONNECTIONS,
  toolsListScenario,
} from './scenarios/http-scenarios';
import { warmUp } from './scenarios/load-rounds';
import { abortTest, rssAfterRequests } from './scenarios/resources';
import { sseStreams } from './scenarios/sse-streams';
import { startSseClient } from './sse/sse-client';
import { startUpstream } from './upstream/upstream-handle';
import { BENCH_PATHS, TOOLS_CALL_BODY } from './upstream/upstream-paths';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function requireTool(command: string, args: readonly string[]): void {
  if (spawnSync(command, [...args]).error !== undefined) {
    throw new Error(`${command} is not installed: apt-get install ${command}`);
  }
}

const mb = (value: number | null): number | null => (value === null ? null : rounded(value, 1));

/** Runs every scenario once, in one process tree, and returns the report (nothing written yet). */
export async function runBench(
  options: BenchOptions,
  root: string,
  scope: ProcessScope,
  log: (line: string) => void,
): Promise<BenchReport> {
  requireTool('wrk', ['-v']);
  requireTool('nginx', ['-v']);
  const host = hostFacts();
  const checked = checkGateCli(root, options.gateCli);
  const cli = { ...checked, shown: relative(root, checked.path) || checked.path };
  if (cli.stale) log(`WARNING: ${cli.shown}: ${cli.note}`);
  const tmpDir = mkdtempSync(join(tmpdir(), 'mcp-gate-bench-'));
  scope.cleanup.add(() => rmSync(tmpDir, { recursive: true, force: true }));
  scope.watchdog.removeLater(tmpDir);

  log('starting the upstream, the OAuth server and the gate');
  const upstream = await startUpstream(scope);
  const oauth = await startOAuth(scope.cleanup);
  const tally = new AuthTally(upstream);
  const ctx: BenchContext = { scope, tmpDir, upstream, options, tally, log };
  const main = await startMainGate({
    scope,
    tmpDir,
    oauth,
    upstream,
    cli: cli.path,
    coldStarts: options.coldStarts,
    nodeFlags:
      options.cpuProfileDir === null ? [] : ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir],
    log,
  });
  const gatePid = main.gate.process.pid;
  await sleep(options.quick ? 500 : 1_500);
  const rssSamples: Record<string, number | null> = { idle: mb(rssMb(gatePid)) };
  const idleSplit = rssSplitMb(gatePid);

  const nginx = await startNginx(scope, join(tmpDir, 'nginx'), upstream.port, main.token);
  const sse = await startSseClient(scope);
  const direct: LoadTarget = {
    name: 'direct',
    origin: upstream.origin,
    headers: { Authorization: `Bearer ${main.token}` },
  };
  const viaNginx: LoadTarget = { name: 'nginx', origin: nginx.url, headers: {}, pids: nginx.pids };
  const gate: LoadTarget = { name: 'gate', origin: main.gate.url, headers: {}, pids: [gatePid] };
  const targets = [direct, viaNginx, gate];
  const gateUnderTest = { target: gate, pid: gatePid, port: main.gate.port };

  log('warm-up');
  const json16 = {
    path: BENCH_PATHS.jsonCall,
    body: TOOLS_CALL_BODY,
    connections: MAIN_CONNECTIONS,
  };
  await warmUp(ctx, targets, json16);
  rssSamples['after warm-up'] = mb(rssMb(gatePid));

  log('json-call');
  const jsonCall = await callScenario(ctx, targets, 'json-call');
  rssSamples['after json-call'] = mb(rssMb(gatePid));
  log('sse-call');
  if (!options.quick) {
    await warmUp(ctx, targets, { ...json16, path: BENCH_PATHS.sseCall });
  }
  const sseCall = await callScenario(ctx, targets, 'sse-call');
  rssSamples['after sse-call'] = mb(rssMb(gatePid));

  log('SSE streams');
  const streams = await sseStreams(ctx, sse, { direct, nginx: viaNginx, gate });

  const plan = guardPlanFor(cli.path);
  log(`guard-on: ${plan.measured}`);
  const failures: string[] = [];
  let guard: ScenarioResult | null = null;
  try {
    // built from the sources while others change them: a failure here must not sink the run
    const guardGates = await startGuardGates({ scope, tmpDir, oauth, upstream }, plan);
    guard = await guardScenario(ctx, direct, viaNginx, guardGates.targets);
    for (const started of guardGates.started) await started.stop();
  } catch (error) {
    if (scope.cleanup.stopping) throw error;
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    log(`WARNING: guard-on not measured: ${message}`);
    failures.push(`guard-on was not measured: ${message ?? ''}`);
  }

  log('tools-list-500');
  const toolsList = await toolsListScenario(ctx, targets);

  log(
    `resources: RSS after ${options.rssRequests.toLocaleString('en-US')} requests, ${options.aborts} aborts`,
  );
  const rssAfter = await rssAfterRequests(ctx, gateUnderTest);
  const aborts = await abortTest(ctx, sse, gateUnderTest);
  if (aborts.failed > 0) log(`WARNING: ${aborts.failed} abort streams failed to open`);
  const resources: ResourcesResult = {
    idle_rss_mb: rssSamples['idle'] ?? null,
    idle_rss_anon_mb: mb(idleSplit.anon),
    idle_rss_file_mb: mb(idleSplit.file),
    rss_after_100k_mb: mb(rssAfter.rssMb),
    rss_growth_mb: mb(rssAfter.growthMb),
    rss_growth_requests: rssAfter.growthRequests,
    requests_before_rss: rssAfter.requests,
    leaked_sockets: aborts.leaked,
    sockets_baseline: { client: aborts.baseline.client, upstream: aborts.baseline.upstream },
    sockets_after: { client: aborts.after.client, upstream: aborts.after.upstream },
    aborts: aborts.aborted,
    upstream_streams_open_after: aborts.upstreamStreamsOpen,
    cold_start_ms: rounded(median(main.coldStartsMs), 0),
    cold_start_runs_ms: main.coldStartsMs.map((ms) => Math.round(ms)),
    rss_samples_mb: { ...rssSamples, 'after aborts': mb(rssMb(gatePid)) },
  };

  const scenarios = [...jsonCall, ...sseCall, ...(guard === null ? [] : [guard]), toolsList];
  const notes = [
    'direct = wrk → upstream with the token in the request; nginx = Debian nginx, worker_processes 1 ' +
      '(MCP Gate is one Node process), upstream keepalive 64, proxy_buffering off; gate = `mcp-gate proxy` ' +
      `(${cli.shown}), signed in through the local OAuth server, refresh token in a file vault.`,
    `Access tokens live ${ACCESS_TOKEN_TTL_S / 3600} h: no refresh happens during the run.`,
    `guard-on measured ${plan.measured}.`,
    'Ratios are medians of per-round ratios (all targets measured back to back in each round, order rotated).',
    ...(options.quick
      ? [
          `Quick run: ${options.durationS} s per run, ${options.repeats} round(s), RSS after ` +
            `${rssAfter.requests.toLocaleString('en-US')} requests instead of 100,000 — noisy, for development only.`,
        ]
      : []),
    ...(cli.stale ? [`${cli.shown}: ${cli.note}.`] : []),
    ...failures,
  ];
  return {
    date: new Date().toISOString(),
    mode: options.quick
      ? 'quick'
      : options.repeats === FULL_REPEATS && options.durationS === FULL_DURATION_S
        ? 'full'
        : 'custom',
    settings: {
      duration_s: options.durationS,
      warmup_s: options.warmupS,
      repeats: options.repeats,
      connections: options.connections,
      wrk_threads: 'min(2, connections)',
      nginx_worker_processes: 1,
      access_token_ttl_s: ACCESS_TOKEN_TTL_S,
      cold_starts: options.coldStarts,
    },
    host,
    gate_cli: { path: cli.shown, stale: cli.stale, note: cli.note },
    scenarios,
    sse: streams,
    resources,
    targets: targetChecks(scenarios, streams, resources),
    auth_check: tally.report(),
    notes,
  };
}
