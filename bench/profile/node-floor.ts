/**
 * `tsx bench/profile/node-floor.ts [--gate-cli PATH] [--rounds N] [--seconds N] [--connections N]`:
 * what a proxy costs at the least in Node, beside nginx and MCP Gate, on one upstream: a raw TCP
 * pipe (Node's I/O floor), node:http + undici, node:http + MCP Gate's upstream client, a
 * hand-parsed HTTP pass-through on raw sockets (the floor of any HTTP-aware Node proxy), and the
 * gate itself (`mcp-gate proxy`, signed in through the local OAuth server). Prints the median
 * requests/s and CPU µs per request of each (json-call), so the gap between the gate and
 * nginx splits into what Node's HTTP stack costs and what the gate's own work costs.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMainGate } from '../gate/main-gate';
import { Cleanup, stopOnSignals } from '../infra/cleanup';
import { startProcess } from '../infra/managed-process';
import { startNginx } from '../infra/nginx-process';
import { cpuSeconds } from '../infra/proc-stats';
import { runWrk } from '../infra/wrk-runner';
import { median } from '../lib/stats';
import { formatNumber, formatTable } from '../lib/table';
import { BENCH_PATHS, MCP_POST_HEADERS, TOOLS_CALL_BODY } from '../upstream/upstream-paths';
import { arg } from './profile-args';
import { log, startProfileStack } from './profile-stack';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const cli = arg('--gate-cli', join(ROOT, 'dist/cli/mcp-gate.cjs'));
const rounds = Number(arg('--rounds', '3'));
const seconds = Number(arg('--seconds', '3'));
const connections = Number(arg('--connections', '16'));
const cleanup = new Cleanup();
const removeSignalHandlers = stopOnSignals(cleanup);

interface Target {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
}

try {
  const { scope, tmpDir, upstream, oauth } = await startProfileStack(cleanup, 'floor');
  const common = { scope, tmpDir, oauth, upstream, coldStarts: 0, nodeFlags: [], log };
  const { gate, token } = await startMainGate({ ...common, cli, name: 'gate' });
  const nginx = await startNginx(scope, join(tmpDir, 'nginx'), upstream.port, token);
  const targets: Target[] = [{ name: 'nginx', url: nginx.url, pid: nginx.pids[1] ?? nginx.pid }];
  for (const kind of ['tcp', 'undici', 'upstream-client', 'raw-http']) {
    const proxy = startProcess(scope, `floor ${kind}`, process.execPath, [
      '--import',
      'tsx',
      fileURLToPath(new URL('./floor-proxy.ts', import.meta.url)),
      kind,
      String(upstream.port),
      token,
    ]);
    const [, port] = await proxy.waitFor(/^(\d+)$/m, 15_000);
    targets.push({ name: `node ${kind}`, url: `http://127.0.0.1:${port ?? ''}`, pid: proxy.pid });
  }
  targets.push({ name: 'mcp-gate', url: gate.url, pid: gate.process.pid });

  const load = (url: string, durationS: number) =>
    runWrk(scope, tmpDir, {
      url: url + BENCH_PATHS.jsonCall,
      request: { method: 'POST', body: TOOLS_CALL_BODY, headers: MCP_POST_HEADERS },
      connections,
      durationS,
    });
  for (const target of targets) await load(target.url, 2); // warm-up: JIT, pools
  const rps = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    const order = targets.map((_, i) => targets[(i + round) % targets.length] as Target);
    for (const target of order) {
      const before = cpuSeconds(target.pid);
      const result = await load(target.url, seconds);
      const usPerRequest = ((cpuSeconds(target.pid) - before) / result.requests) * 1e6;
      rps.set(target.name, [...(rps.get(target.name) ?? []), result.rps]);
      cpu.set(target.name, [...(cpu.get(target.name) ?? []), usPerRequest]);
    }
    log(`round ${round + 1} of ${rounds} done`);
  }
  const nginxRps = median(rps.get('nginx') ?? []);
  process.stdout.write(
    formatTable(
      ['proxy', 'req/s', 'vs nginx', 'CPU µs/req'],
      targets.map((t) => {
        const r = median(rps.get(t.name) ?? []);
        return [
          t.name,
          formatNumber(r, 0),
          (r / nginxRps).toFixed(2),
          formatNumber(median(cpu.get(t.name) ?? []), 0),
        ];
      }),
      ['left', 'right', 'right', 'right'],
    ) + '\n',
  );
} catch (error) {
  process.stderr.write(
    `node-floor: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
} finally {
  await cleanup.run();
  removeSignalHandlers();
}
