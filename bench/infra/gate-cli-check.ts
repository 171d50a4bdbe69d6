import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Whether the built CLI is there and how it compares with the sources. */
export interface GateCliCheck {
  readonly path: string;
  readonly stale: boolean;
  readonly note: string;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the CLI (`node scripts/build.mjs`) only when it is missing; otherwise says whether
 * electron/cli, electron/core or shared changed after it was built (then `npm run build` first).
 */
export function checkGateCli(root: string, cli: string): GateCliCheck {
  if (!existsSync(cli)) {
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (built.status !== 0 || !existsSync(cli)) {
      throw new Error(`${cli} is missing and \`node scripts/build.mjs\` did not build it.`);
    }
    return { path: cli, stale: false, note: 'built by this run (node scripts/build.mjs)' };
  }
  const built = statSync(cli).mtimeMs;
  const sources = Math.max(
    ...['electron/cli', 'electron/core', 'shared'].map((d) => newestMtime(join(root, d))),
  );
  return sources > built
    ? {
        path: cli,
        stale: true,
        note: 'sources changed after this build: the numbers are for the older build (run `npm run build` first)',
      }
    : { path: cli, stale: false, note: 'up to date with electron/ and shared/' };
}
