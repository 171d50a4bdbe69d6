import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import type { Cleanup } from './cleanup';
import type { Watchdog } from './watchdog';

/** Where started processes are registered so they are stopped at the end, whatever happens. */
export interface ProcessScope {
  readonly cleanup: Cleanup;
  readonly watchdog: Watchdog;
}

/** A child process the run owns: output kept, stopped by its pid only. */
export interface ManagedProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly name: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout; rejects on exit or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** True until the process has exited. */
  running(): boolean;
  readonly exited: Promise<void>;
  /** Sends `signal`, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

const KEEP_CHARS = 256 * 1024;

function tail(text: string): string {
  return text.length > KEEP_CHARS ? text.slice(-KEEP_CHARS) : text;
}

/** Spawns `command` with piped output, registered for cleanup and with the watchdog. */
export function startProcess(
  scope: ProcessScope,
  name: string,
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): ManagedProcess {
  const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (child.pid === undefined) throw new Error(`Could not start ${name} (${command}).`);
  const pid = child.pid;
  scope.watchdog.watch(pid);
  let out = '';
  let err = '';
  let done = false;
  const waiters = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out = tail(out + chunk);
    for (const w of waiters) w();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err = tail(err + chunk);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      done = true;
      scope.watchdog.forget(pid);
      for (const w of waiters) w();
      resolve();
    });
    child.once('error', () => {
      done = true;
      resolve();
    });
  });

  const stop = async (signal: NodeJS.Signals = 'SIGTERM', graceMs = 3_000): Promise<void> => {
    if (done) return;
    child.kill(signal);
    const timer = setTimeout(() => {
      if (!done) child.kill('SIGKILL');
    }, graceMs);
    await exited;
    clearTimeout(timer);
  };
  const unregister = scope.cleanup.add(() => stop());
  void exited.then(unregister);

  return {
    child,
    pid,
    name,
    stdout: () => out,
    stderr: () => err,
    running: () => !done,
    exited,
    stop,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`${name} did not print ${pattern} within ${timeoutMs} ms.\n${describe()}`),
          );
        }, timeoutMs);
        const check = (): void => {
          const match = out.match(pattern);
          if (match !== null) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(match);
          } else if (done) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`${name} exited before printing ${pattern}.\n${describe()}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
  };

  function describe(): string {
    return `stdout:\n${out.slice(-4000)}\nstderr:\n${err.slice(-4000)}`;
  }
}
