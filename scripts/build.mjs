// Builds everything `npm start` and packaging need, into dist/:
//   dist/cli/mcp-gate.js        the headless CLI (ESM, dependencies bundled; commands in chunks/)
//   dist/main/main.js           the Electron main process (ESM; dependencies and electron external)
//   dist/preload/preload.cjs    the preload (CommonJS, self-contained: sandboxed preloads cannot
//                               require anything but `electron`)
//   dist/renderer/              the settings window (Vite, vite.renderer.config.ts)
// The esbuild bundles run in parallel with the Vite build.
import { build } from 'esbuild';
import { chmod, rm } from 'node:fs/promises';
import { build as viteBuild } from 'vite';

const common = { bundle: true, sourcemap: true, logLevel: 'warning' };

// Bundled dependencies written as CommonJS call `require` and read `__filename`, which an ES
// module does not have: each CLI output file gets its own.
const esmRequireShim = [
  "import { createRequire as __mcpGateCreateRequire } from 'node:module';",
  "import { fileURLToPath as __mcpGateFileURLToPath } from 'node:url';",
  'const require = __mcpGateCreateRequire(import.meta.url);',
  'const __filename = __mcpGateFileURLToPath(import.meta.url);',
  "const __dirname = __mcpGateFileURLToPath(new URL('.', import.meta.url));",
].join('\n');

// chunk names carry a content hash: drop the last build's, or they pile up
await rm('dist/cli/chunks', { recursive: true, force: true });
const cli = build({
  ...common,
  entryPoints: { 'mcp-gate': 'electron/cli/main.ts' },
  outdir: 'dist/cli',
  // each command (and the bridge, the one user of the MCP SDK) is reached only through import()
  // (electron/cli/program.ts) and goes to its own chunk, so a command loads only what it uses
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node22.12',
  // dependencies are bundled (one parse instead of hundreds of files, no ESM to CommonJS
  // translation): `proxy` starts faster in less memory. Not bundled: the keychain's native
  // addon, and the MCP SDK (only the bridge loads it).
  packages: 'bundle',
  external: ['@github/keytar', '@modelcontextprotocol/sdk'],
  // the ES module build of a package where it has one (jsonc-parser's UMD build cannot be bundled)
  mainFields: ['module', 'main'],
  // names are kept (CPU profiles and logged error types stay readable; renaming saved <1 MB)
  minifyWhitespace: true,
  minifySyntax: true,
  banner: { js: `#!/usr/bin/env node\n${esmRequireShim}` },
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
