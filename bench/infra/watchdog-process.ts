/**
 * Watchdog process: keeps the pids the harness started and, when the harness disappears
 * (even killed with SIGKILL, which runs no cleanup), terminates them and deletes the run's
 * temporary directory, so nothing outlives a run.
 */
import { rmSync } from 'node:fs';
import type { ToWatchdog } from './watchdog-protocol';

const pids = new Set<number>();
const paths = new Set<string>();

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

// Ctrl-C reaches the whole process group: outlive it, to stop whatever the harness could not
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => undefined);

process.on('message', (message: ToWatchdog) => {
  if (message.type === 'watch') pids.add(message.pid);
  else if (message.type === 'forget') pids.delete(message.pid);
  else paths.add(message.path);
});

function exit(): never {
  for (const path of paths) rmSync(path, { recursive: true, force: true });
  process.exit(0);
}

process.on('disconnect', () => {
  const alive = [...pids].filter((pid) => signal(pid, 'SIGTERM'));
  if (alive.length === 0) exit();
  setTimeout(() => {
    for (const pid of alive) signal(pid, 'SIGKILL');
    exit();
  }, 2_000);
});
