import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Cleanup } from './cleanup';
import type { ToWatchdog } from './watchdog-protocol';

/** Tells the watchdog which processes to stop should the harness die without cleaning up. */
export interface Watchdog {
  watch(pid: number): void;
  forget(pid: number): void;
  /** Deletes `path` (recursively) should the harness die. */
  removeLater(path: string): void;
}

/** Forks the watchdog process; the cleanup disconnects it last (it then has nothing left to stop). */
export function startWatchdog(cleanup: Cleanup): Watchdog {
  const child: ChildProcess = fork(
    fileURLToPath(new URL('./watchdog-process.ts', import.meta.url)),
    {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
  // a failed send (the watchdog gone) must not crash the harness
  child.on('error', () => undefined);
  const send = (message: ToWatchdog): void => {
    if (child.connected) child.send(message, () => undefined);
  };
  cleanup.add(() => {
    if (child.connected) child.disconnect();
  });
  // the watchdog must not keep the harness alive
  child.unref();
  child.channel?.unref();
  return {
    watch: (pid) => send({ type: 'watch', pid }),
    forget: (pid) => send({ type: 'forget', pid }),
    removeLater: (path) => send({ type: 'remove', path }),
  };
}
