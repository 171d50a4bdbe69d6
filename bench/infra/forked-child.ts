import { fork, type ChildProcess } from 'node:child_process';
import type { ProcessScope } from './managed-process';

/** A TypeScript helper process of the harness, talked to over IPC. */
export interface ForkedChild<In, Out> {
  readonly pid: number;
  send(message: In): void;
  /** Resolves with the next message that `accept` takes; rejects on exit or after `timeoutMs`. */
  receive<T extends Out>(accept: (message: Out) => message is T, timeoutMs: number): Promise<T>;
  /** Disconnects (the helper then exits by itself), SIGKILL after a grace period. */
  stop(): Promise<void>;
}

/** Forks `modulePath` (a .ts file, run by the same tsx loader as the harness) with an IPC channel. */
export function forkChild<In, Out>(
  scope: ProcessScope,
  name: string,
  modulePath: string,
): ForkedChild<In, Out> {
  const child: ChildProcess = fork(modulePath, [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (child.pid === undefined) throw new Error(`Could not start the ${name} process.`);
  const pid = child.pid;
  scope.watchdog.watch(pid);
  let done = false;
  // a send racing the helper's exit (Ctrl-C reaches it too) fails quietly; `receive` reports the exit
  child.on('error', () => undefined);
  const listeners = new Set<(message: Out) => void>();
  const onExit = new Set<() => void>();
  child.on('message', (message: Out) => {
    for (const listener of [...listeners]) listener(message);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      done = true;
      scope.watchdog.forget(pid);
      for (const f of onExit) f();
      resolve();
    });
  });

  const stop = async (): Promise<void> => {
    if (done) return;
    if (child.connected) child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(timer);
  };
  const unregister = scope.cleanup.add(stop);
  void exited.then(unregister);

  return {
    pid,
    send(message) {
      if (!child.connected) throw new Error(`The ${name} process is gone.`);
      child.send(message as object, () => undefined);
    },
    receive<T extends Out>(accept: (message: Out) => message is T, timeoutMs: number): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const finish = (): void => {
          listeners.delete(listener);
          onExit.delete(gone);
          clearTimeout(timer);
        };
        const listener = (message: Out): void => {
          if (!accept(message)) return;
          finish();
          resolve(message);
        };
        const gone = (): void => {
          finish();
          reject(new Error(`The ${name} process exited.`));
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`The ${name} process did not answer within ${timeoutMs} ms.`));
        }, timeoutMs);
        if (done) return gone();
        listeners.add(listener);
        onExit.add(gone);
      });
    },
    stop,
  };
}
