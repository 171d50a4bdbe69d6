// Builds everything `npm start` and packaging need, into dist/:
//   dist/cli/mcp-gate.cjs       the headless CLI (CommonJS, dependencies bundled, in program.cjs)
//   dist/main/main.js           the Electron main process (ESM; dependencies and electron external)
//   dist/preload/preload.cjs    the preload (CommonJS, self-contained: sandboxed preloads cannot
//                               require anything but `electron`)
//   dist/renderer/              the settings window (Vite, vite.renderer.config.ts)
// The esbuild bundles run in parallel with the Vite build.
import { build } from 'esbuild';
import { chmod, rm } from 'node:fs/promises';
import { build as viteBuild } from 'vite';

const common = { bundle: true, sourcemap: true, logLevel: 'warning' };

// The CLI is CommonJS: a process that loads any ES module also sets up Node's ES module loader,
// ~13 MB more resident memory for the life of an idle `mcp-gate proxy` (47 vs 60 MB for a bare
// node:http server). Two files: mcp-gate.cjs switches Node's compile cache on and only then
// requires program.cjs (everything else, dependencies bundled), so the big file is compiled
// with the cache. Commands are reached through import() (electron/cli/program.ts), which
// esbuild turns into lazily run module bodies: a command runs only the code it uses. Not
// bundled: the keychain's native addon, and the MCP SDK (only the bridge loads it; its
// CommonJS build).
const cliCommon = {
  ...common,
  outdir: 'dist/cli',
  outExtension: { '.js': '.cjs' },
  platform: 'node',
  format: 'cjs',
  target: 'node22.12',
  packages: 'bundle',
  external: ['@github/keytar', '@modelcontextprotocol/sdk'],
  // the ES module build of a package where it has one (jsonc-parser's UMD build cannot be bundled)
  mainFields: ['module', 'main'],
  // names are kept (CPU profiles and logged error types stay readable; renaming saved <1 MB)
  minifyWhitespace: true,
  minifySyntax: true,
};
/** Leaves main.ts's `import('./program')` to Node, as a require of the program.cjs beside it. */
const programApart = {
  name: 'program-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/program$/ }, () => ({ path: './program.cjs', external: true }));
  },
};
// the ES module CLI of earlier builds (mcp-gate.js and its chunks/): gone, or it would be run
await rm('dist/cli', { recursive: true, force: true });
const cli = Promise.all([
  build({
    ...cliCommon,
    entryPoints: { 'mcp-gate': 'electron/cli/main.ts' },
    plugins: [programApart],
    banner: { js: '#!/usr/bin/env node' },
  }).then(() => chmod('dist/cli/mcp-gate.cjs', 0o755)),
  build({ ...cliCommon, entryPoints: { program: 'electron/cli/program.ts' } }),
]);

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
  'built dist/cli/mcp-gate.cjs, dist/main/main.js, dist/preload/preload.cjs, dist/renderer/',
);
