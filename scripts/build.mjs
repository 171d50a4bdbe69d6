// Builds the headless CLI into dist/cli/mcp-gate.js (dependencies stay in node_modules).
import { build } from 'esbuild';
import { chmod, readFile } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

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
  define: { MCP_GATE_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
await chmod('dist/cli/mcp-gate.js', 0o755);
console.log('built dist/cli/mcp-gate.js');
