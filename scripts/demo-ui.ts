// `npm run demo:ui`: the desktop app's settings window in any browser, without Electron.
// Starts the local cloud (a stand-in for Alibaba Cloud), the app core (proxy, sign-in,
// settings, clients) in a throw-away HOME, and serves the real React app with the IPC
// contract over loopback HTTP, guarded by a random token in the printed URL.
import { existsSync } from 'node:fs';
import { build } from 'vite';
import { startUiStack } from '../test/fixtures/ui-stack';

if (!existsSync('dist/renderer/index.html') || process.argv.includes('--rebuild')) {
  process.stdout.write('Building the renderer (dist/renderer)…\n');
  await build({ configFile: 'vite.renderer.config.ts', logLevel: 'warn' });
}

const stack = await startUiStack({
  proxyPort: Number(process.env['MCP_GATE_DEMO_PORT'] ?? 8088),
  uiPort: Number(process.env['MCP_GATE_UI_PORT'] ?? 0),
  logLevel: process.env['MCP_GATE_LOG_LEVEL'] ?? 'warn',
  onOpenExternal: (url) =>
    process.stdout.write(`\nSign-in page (the app would open it in your browser):\n  ${url}\n`),
});

const proxy = stack.proxyUrl();
process.stdout.write(
  [
    '',
    'MCP Gate settings window, served over loopback HTTP (local cloud, throw-away HOME):',
    `  open      ${stack.url}`,
    `  proxy     ${proxy ?? `not running: ${stack.service.status().proxy.error ?? ''}`}`,
    `  HOME      ${stack.home}   (AI client config files are written here)`,
    `  sign in   with any login name, e.g. ${stack.cloud.accountId}, then consent`,
    '',
    'Ctrl-C stops everything and removes the temporary folder.',
    '',
  ].join('\n'),
);

const stop = async (): Promise<void> => {
  await stack.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
