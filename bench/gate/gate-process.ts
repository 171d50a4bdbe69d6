import { mkdirSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { freePort } from '../infra/free-port';
import { startProcess, type ManagedProcess, type ProcessScope } from '../infra/managed-process';
import type { OAuthServer } from './oauth';

/** A running MCP Gate (the CLI or the core runner) and where clients reach it. */
export interface GateProcess {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

/** How to start one gate: the node arguments before the port and the config dir. */
export interface GateLaunch {
  readonly name: string;
  /** Arguments for `node`, e.g. `[--cpu-prof, dist/cli/mcp-gate.cjs, proxy, …flags]`, without `--port` / `--config-dir`. */
  readonly nodeArgs: readonly string[];
  /** Settings, tokens and activity log of this gate. */
  readonly configDir: string;
  /** Open an IPC channel (the core runner takes commands over it; the CLI gets none). */
  readonly ipc?: boolean;
}

const READY = /The proxy is ready/;

/** The environment of a gate: a throw-away HOME, no display (no browser), no tsx loader. */
function gateEnv(configDir: string): NodeJS.ProcessEnv {
  const home = join(configDir, 'home');
  mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    DISPLAY: '',
    WAYLAND_DISPLAY: '',
  };
  if (env['NODE_OPTIONS']?.includes('tsx') === true) delete env['NODE_OPTIONS'];
  return env;
}

/** The `mcp-gate proxy` flags that point the CLI at the local OAuth server and the bench upstream. */
export function gateCliFlags(oauth: OAuthServer, upstreamUrl: string): string[] {
  return [
    '--site',
    'custom',
    '--authorize-url',
    oauth.authorizeUrl,
    '--token-url',
    oauth.tokenUrl,
    '--revoke-url',
    oauth.revokeUrl,
    '--upstream-url',
    upstreamUrl,
    '--oauth-client-id',
    oauth.clientId,
    '--token-store',
    'file',
    '--no-browser',
  ];
}

function healthOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(url, { agent: false, timeout: 1_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('error', () => resolve(false));
    req.once('timeout', () => req.destroy());
  });
}

/** Polls `<url>/health` every few ms until it answers 200; rejects if `gate` exits or after `timeoutMs`. */
export async function waitForHealth(
  url: string,
  gate: ManagedProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await healthOk(`${url}/health`)) return;
    if (!gate.running()) throw new Error(`${gate.name} exited.\n${gate.stderr().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 3));
  }
  throw new Error(
    `${gate.name} did not answer /health within ${timeoutMs} ms.\n${gate.stderr().slice(-3000)}`,
  );
}

/** Starts a gate on a free port; resolves once `/health` answers, with the milliseconds from spawn to that answer. */
export async function launchGate(
  scope: ProcessScope,
  launch: GateLaunch,
): Promise<{ readonly gate: GateProcess; readonly healthMs: number }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const proc = startProcess(
    scope,
    launch.name,
    process.execPath,
    [...launch.nodeArgs, '--port', String(port), '--config-dir', launch.configDir],
    {
      env: gateEnv(launch.configDir),
      stdio: launch.ipc === true ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    },
  );
  await waitForHealth(url, proc, 20_000);
  const healthMs = performance.now() - started;
  return {
    gate: { name: launch.name, url, port, process: proc, stop: () => proc.stop('SIGTERM', 5_000) },
    healthMs,
  };
}

/** Signs a freshly started gate in through the real OAuth pages (its config dir has no token yet). */
export async function signInGate(gate: GateProcess, oauth: OAuthServer): Promise<void> {
  const escaped = oauth.authorizeUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const [authorizationUrl] = await gate.process.waitFor(new RegExp(`${escaped}\\?\\S+`), 20_000);
  await oauth.signIn(authorizationUrl);
  await gate.process.waitFor(READY, 20_000);
}

/** Waits until a gate that found a stored token has refreshed it and is ready. */
export async function waitUntilReady(gate: GateProcess): Promise<void> {
  await gate.process.waitFor(READY, 20_000);
}
