import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { GateProcess } from './gate-process';
import type { ActivitySwitch, CoreRunnerConfig } from './core-runner-protocol';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// inside the project, so that the bundle's bare imports resolve to its node_modules
const OUT_DIR = `${ROOT}node_modules/.cache/mcp-gate-bench`;

/** Bundles the core runner like scripts/build.mjs bundles the CLI (ESM, node22.12, packages external). */
export async function buildCoreRunner(): Promise<string> {
  mkdirSync(OUT_DIR, { recursive: true });
  const outfile = `${OUT_DIR}/core-runner.mjs`;
  await build({
    entryPoints: [fileURLToPath(new URL('./core-runner-process.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22.12',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

/** The runner's node arguments (before `--port` / `--config-dir`). */
export function coreRunnerArgs(bundle: string, config: CoreRunnerConfig): string[] {
  return [bundle, JSON.stringify(config)];
}

/** Switches the runner's activity log on or off and waits for it to confirm. */
export function switchActivity(gate: GateProcess, on: boolean): Promise<void> {
  const child = gate.process.child;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error('The core runner did not confirm the activity switch.'));
    }, 5_000);
    const onMessage = (message: ActivitySwitch): void => {
      if (message.type !== 'activity' || message.on !== on) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve();
    };
    child.on('message', onMessage);
    child.send({ type: 'activity', on } satisfies ActivitySwitch);
  });
}
