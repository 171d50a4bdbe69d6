import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cloudCliFlags, type LocalCloud } from '../fixtures/local-cloud';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A running `mcp-gate` process with its output collected. */
export interface CliProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout, waiting for it to appear. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Sends SIGTERM (unless already exited) and resolves with the exit code. */
  stop(): Promise<number | null>;
  exited(): Promise<number | null>;
}

/**
 * Starts `mcp-gate <args>` from source (tsx), with stdin closed so it never prompts, no display
 * (so no browser opens) and a throw-away HOME, so the user's own config is never touched.
 */
export function startCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  input?: string,
): CliProcess {
  const home = mkdtempSync(join(tmpdir(), 'mcp-gate-home-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      DISPLAY: '',
      WAYLAND_DISPLAY: '',
      ...env,
    },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (input !== undefined) child.stdin?.end(input);
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const w of waiters) w();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exit = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    child.once('exit', (code) => {
      for (const w of waiters) w();
      resolve(code);
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = out.match(pattern);
          if (match !== null) {
            waiters.delete(check);
            resolve(match);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            waiters.delete(check);
            reject(
              new Error(
                `mcp-gate exited before printing ${pattern}\nstdout:\n${out}\nstderr:\n${err}`,
              ),
            );
          }
        };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      return child.exitCode;
    },
    exited: () => exit,
  };
}

/** Runs `mcp-gate <args>` to completion. */
export async function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = startCli(args, env, input);
  const code = await cli.exited();
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

/** The flags that point mcp-gate at a local cloud (`--site custom`). */
export const cloudFlags = cloudCliFlags;

/** Starts `mcp-gate proxy` against a local cloud on a free port, tokens in a file under `configDir`. */
export function startProxyCli(
  cloud: LocalCloud,
  configDir: string,
  extra: readonly string[] = [],
  env: NodeJS.ProcessEnv = {},
): CliProcess {
  return startCli(
    [
      'proxy',
      ...cloudCliFlags(cloud),
      '--port',
      '0',
      '--no-browser',
      '--token-store',
      'file',
      '--config-dir',
      configDir,
      ...extra,
    ],
    env,
  );
}
