// `npm run demo`: the whole MCP Gate flow without an Alibaba Cloud account.
// Starts the local cloud (oidc-provider on Alibaba's OAuth paths, MCP SDK servers on
// Alibaba-shaped paths), then `mcp-gate proxy` against it with a throw-away config dir.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloudCliFlags, startLocalCloud } from '../test/fixtures/local-cloud';

const port = Number(process.env['MCP_GATE_DEMO_PORT'] ?? 8088);
const cloud = await startLocalCloud({ accessTokenTtlSeconds: 120 });
const configDir = mkdtempSync(join(tmpdir(), 'mcp-gate-demo-'));
const demo = cloud.servers[0];
const proxyBase = `http://127.0.0.1:${port}`;

process.stdout.write(
  [
    '',
    'Local cloud (a stand-in for Alibaba Cloud, on this machine only):',
    `  authorization server  ${cloud.issuer}   (log in with any name, e.g. 1234567890, then consent)`,
    `  MCP upstream          ${cloud.upstreamUrl}`,
    `  OAuth client id       ${cloud.clientId}`,
    `  config dir            ${configDir}   (refresh token in tokens.json, 0600; removed on exit)`,
    '',
    'After you sign in, point an AI client at the proxy. For Cursor (~/.cursor/mcp.json):',
    JSON.stringify(
      { mcpServers: { [`aliyun-${demo?.name}`]: { url: `${proxyBase}${demo?.mcpPath}` } } },
      null,
      2,
    )
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n'),
    `Or try it: curl -s ${proxyBase}/health`,
    '',
    'Starting mcp-gate proxy…',
    '',
  ].join('\n'),
);

const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    'electron/cli/main.ts',
    'proxy',
    ...cloudCliFlags(cloud),
    '--port',
    String(port),
    '--token-store',
    'file',
    '--config-dir',
    configDir,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);

const stop = async (code: number): Promise<void> => {
  child.kill('SIGTERM');
  await cloud.close();
  rmSync(configDir, { recursive: true, force: true });
  process.exit(code);
};
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));
child.once('exit', (code) => void stop(code ?? 0));
