// Builds everything `npm start` and packaging need, into dist/:
//   dist/cli/mcp-gate.js        the headless CLI (ESM; dependencies stay in node_modules)
//   dist/main/main.js           the Electron main process (ESM; dependencies and electron external)
//   dist/preload/preload.cjs    the preload (CommonJS, self-contained: sandboxed preloads cannot
//                               require anything but `electron`)
//   dist/renderer/              the settings window (Vite, vite.renderer.config.ts)
// The esbuild bundles run in parallel with the Vite build.
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';
import { build as viteBuild } from 'vite';

const common = { bundle: true, sourcemap: true, logLevel: 'warning' };

const cli = build({
  ...common,
  entryPoints: { 'mcp-gate': 'electron/cli/main.ts' },
  outdir: 'dist/cli',
  // code reached only through import() (the bridge and its MCP SDK) goes to its own chunk,
  // so every other command starts without loading it
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node22.12',
  packages: 'external',
  banner: { js: '#!/usr/bin/env node' },
}).then(() => chmod('dist/cli/mcp-gate.js', 0o755));

const main = build({
  ...common,
  entryPoints: ['electron/main/main.ts'],
  outfile: 'dist/main/main.js',
  platform: 'node',
  format: 'esm',
  // Electron 45 runs Node 22
  target: 'node22.12',
  packages: 'external',
  external: ['electron'],
});

const preload = build({
  ...common,
  entryPoints: ['electron/preload/preload.ts'],
  outfile: 'dist/preload/preload.cjs',
  platform: 'browser',
  format: 'cjs',
  // Electron 45 is Chromium 140
  target: 'chrome130',
  external: ['electron'],
  // zod is most of it; the source map keeps it debuggable
  minify: true,
});

const renderer = viteBuild({ configFile: 'vite.renderer.config.ts', logLevel: 'warn' });

await Promise.all([cli, main, preload, renderer]);
console.log(
  'built dist/cli/mcp-gate.js, dist/main/main.js, dist/preload/preload.cjs, dist/renderer/',
);
