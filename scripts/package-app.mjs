// `npm run dist`: builds dist/, draws the app icons, then packages the tray app with
// electron-builder (electron-builder.yml) for this platform. Extra arguments pass through to
// electron-builder (e.g. `npm run dist -- --linux deb`, `--mac --arm64`, `--dir`).
// `--icons-only` stops after writing the icons.
//
// Icons are not kept in git: they are drawn by electron/core/icons (the same code that draws
// the tray icon at run time) into build/icons/<n>x<n>.png (Linux) and build/icon.png (1024 px,
// converted by electron-builder to .icns and .ico).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const iconsOnly = args.includes('--icons-only');

if (!iconsOnly) await import('./build.mjs');
await writeIcons('build');
if (iconsOnly) process.exit(0);

const require = createRequire(import.meta.url);
const cli = join(require.resolve('electron-builder/package.json'), '..', 'cli.js');
const run = spawnSync(
  process.execPath,
  [cli, '--config', 'electron-builder.yml', '--publish', 'never', ...args],
  { stdio: 'inherit' },
);
process.exit(run.status ?? 1);

/** Draws the app icon at every size into `<dir>/icons/` and `<dir>/icon.png`. */
async function writeIcons(dir) {
  const temp = mkdtempSync(join(tmpdir(), 'mcp-gate-icons-'));
  try {
    const outfile = join(temp, 'icon-files.mjs');
    await build({
      entryPoints: ['electron/core/icons/icon-files.ts'],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'warning',
    });
    const { appIconFiles } = await import(pathToFileURL(outfile).href);
    mkdirSync(join(dir, 'icons'), { recursive: true });
    const files = appIconFiles();
    for (const file of files) writeFileSync(join(dir, 'icons', file.name), file.png);
    const largest = files.at(-1);
    writeFileSync(join(dir, 'icon.png'), largest.png);
    console.log(
      `wrote ${files.length} icons to ${dir}/icons and ${dir}/icon.png (${largest.size} px)`,
    );
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
