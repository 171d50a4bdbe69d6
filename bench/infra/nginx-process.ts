import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { nginxConfig } from '../lib/nginx-config';
import { freePort } from './free-port';
import { startProcess, type ManagedProcess, type ProcessScope } from './managed-process';
import { childPids } from './proc-stats';

/** nginx in front of the upstream, started for this run only. */
export interface Nginx {
  readonly url: string;
  readonly pid: number;
  /** Master and worker, for CPU accounting. */
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitUntilListening(
  nginx: ManagedProcess,
  port: number,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (!nginx.running()) break;
    if (await accepts(port)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  let log = '';
  try {
    log = readFileSync(logFile, 'utf8').slice(-2000);
  } catch {
    // no log yet
  }
  throw new Error(`nginx did not start listening on ${port}.\n${nginx.stderr()}\n${log}`);
}

/** SIGTERM (fast shutdown: the master stops its worker); a worker left behind by a SIGKILLed master is killed too. */
async function stopNginx(nginx: ManagedProcess): Promise<void> {
  const workers = nginx.running() ? childPids(nginx.pid) : [];
  await nginx.stop('SIGTERM', 3_000);
  for (const pid of workers) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('nginx'))
        process.kill(pid, 'SIGKILL');
    } catch {
      // already gone, as it should be
    }
  }
}

/**
 * Starts Debian's nginx as a non-daemon child with its own prefix and config in `dir`
 * (one worker, upstream keep-alive, no buffering, the same Authorization header as the gate).
 */
export async function startNginx(
  scope: ProcessScope,
  dir: string,
  upstreamPort: number,
  token: string,
): Promise<Nginx> {
  mkdirSync(dir, { recursive: true });
  const errorLog = join(dir, 'error.log');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const conf = join(dir, 'nginx.conf');
    const root = process.getuid?.() === 0;
    writeFileSync(
      conf,
      nginxConfig({
        prefix: dir,
        listenPort: port,
        upstreamPort,
        token,
        user: root ? userInfo().username : null,
      }),
    );
    const nginx = startProcess(scope, 'nginx', 'nginx', [
      '-p',
      dir,
      '-c',
      conf,
      '-e',
      errorLog,
      '-g',
      'daemon off;',
    ]);
    try {
      await waitUntilListening(nginx, port, errorLog);
      const deadline = Date.now() + 3_000;
      while (childPids(nginx.pid).length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10));
      }
      return {
        url: `http://127.0.0.1:${port}`,
        pid: nginx.pid,
        pids: [nginx.pid, ...childPids(nginx.pid)],
        stop: () => stopNginx(nginx),
      };
    } catch (error) {
      await nginx.stop('SIGTERM', 1_000);
      // the port may have been taken between picking and binding: try again a few times
      if (attempt >= 3) throw error;
    }
  }
}
