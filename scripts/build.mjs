// Builds the headless CLI into dist/cli/mcp-gate.js (dependencies stay in node_modules).
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';

await build({
  entryPoints: ['electron/cli/main.ts'],
  outfile: 'dist/cli/mcp-gate.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22.12',
  packages: 'external',
  sourcemap: true,
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
await chmod('dist/cli/mcp-gate.js', 0o755);
console.log('built dist/cli/mcp-gate.js');
