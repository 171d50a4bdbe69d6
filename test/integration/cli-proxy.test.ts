import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeSignIn, startLocalCloud, type LocalCloud } from '../fixtures/local-cloud';
import { cloudFlags, runCli, startCli, startProxyCli, type CliProcess } from './cli-harness';

let cloud: LocalCloud;
const running: CliProcess[] = [];

beforeAll(async () => {
  cloud = await startLocalCloud();
});

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
  await cloud.close();
});

function proxyCli(
  configDir: string,
  extra: readonly string[] = [],
  options: { readonly cloud?: LocalCloud; readonly env?: NodeJS.ProcessEnv } = {},
): CliProcess {
  const cli = startProxyCli(options.cloud ?? cloud, configDir, extra, options.env);
  running.push(cli);
  return cli;
}

async function listening(cli: CliProcess): Promise<string> {
  const [, url] = await cli.waitFor(/Listen:\s+(http:\/\/127\.0\.0\.1:\d+)/);
  return url ?? '';
}

async function signInThrough(cli: CliProcess, at: LocalCloud = cloud): Promise<void> {
  const [url] = await cli.waitFor(new RegExp(`${escape(at.authorizeUrl)}\\?\\S+`));
  const result = await completeSignIn(url);
  expect(result.callbackStatus).toBe(200);
  expect(result.callbackBody).toContain('Signed in');
  await cli.waitFor(/Signed in \(profile "default"\)/);
}

/** POSTs a bare JSON-RPC tools/list and returns the response. */
function postToolsList(url: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function connect(url: string, transport: 'http' | 'sse'): Promise<Client> {
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  await client.connect(
    transport === 'http'
      ? new StreamableHTTPClientTransport(new URL(url))
      : new SSEClientTransport(new URL(url)),
  );
  return client;
}

function bearerTokensSeenUpstream(): string[] {
  return [
    ...new Set(
      cloud.upstreamRequests
        .map((r) => r.headers['authorization'])
        .filter((h): h is string => typeof h === 'string')
        .map((h) => h.replace(/^Bearer /, '')),
    ),
  ];
}

function storedRefreshToken(configDir: string): string | undefined {
  const file = JSON.parse(readFileSync(join(configDir, 'tokens.json'), 'utf8')) as {
    profiles: Record<string, { refreshToken: string }>;
  };
  return file.profiles['default']?.refreshToken;
}

describe('mcp-gate proxy against the local cloud', () => {
  it('signs in through the real pages, then SDK clients reach tools with no credentials of their own', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'mcp-gate-cli-'));
    // this test deletes an instance with nobody at a terminal: the Guard's default would deny it
    const cli = proxyCli(configDir, ['--guard', 'allow-all']);
    const base = await listening(cli);
    await signInThrough(cli);

    const demo = cloud.servers.find((s) => s.name === 'demo');
    const other = cloud.servers.find((s) => s.name === 'other');
    if (demo === undefined || other === undefined) throw new Error('fixture servers missing');

    // Streamable HTTP (SSE answers) and JSON answers
    const http = await connect(`${base}${demo.mcpPath}`, 'http');
    const tools = await http.listTools();
    expect(tools.tools.map((t) => t.name)).toContain('Ecs-20140526-DescribeInstances');
    const described = await http.callTool({
      name: 'Ecs-20140526-DescribeInstances',
      arguments: {},
    });
    expect(described.isError).not.toBe(true);
    await http.close();
    const json = await connect(`${base}${other.mcpPath}`, 'http');
    await json.callTool({
      name: 'Ecs-20140526-DeleteInstance',
      arguments: { InstanceId: 'i-gate-1' },
    });
    await json.close();
    expect(cloud.deletedInstances).toContain('i-gate-1');

    // legacy SSE: the endpoint event is rewritten, so the client posts to the proxy
    const sse = await connect(`${base}${demo.ssePath}`, 'sse');
    await sse.callTool({ name: 'Ecs-20140526-StartInstance', arguments: { InstanceId: 'i-sse' } });
    await sse.close();
    const messagePosts = cloud.upstreamRequests.filter((r) => r.path.startsWith(demo.messagePath));
    expect(messagePosts.length).toBeGreaterThan(0);
    expect(messagePosts.every((r) => r.headers['authorization']?.startsWith('Bearer '))).toBe(true);

    // upstream 401 → one refresh, the rotated refresh token persisted, the call still succeeds
    const before = storedRefreshToken(configDir);
    cloud.rejectCurrentAccessTokens();
    const again = await connect(`${base}${demo.mcpPath}`, 'http');
    await again.callTool({ name: 'Ecs-20140526-DescribeInstances', arguments: {} });
    await again.close();
    const refreshes = cloud.tokenRequests.filter((r) => r['grant_type'] === 'refresh_token');
    expect(refreshes.at(-1)?.['refresh_token']).toBe(before);
    const after = storedRefreshToken(configDir);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);

    // /health says who is signed in and never holds a token
    const health = (await (await fetch(`${base}/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({
      status: 'ok',
      signedIn: true,
      site: 'custom',
      upstream: cloud.upstreamUrl,
    });

    // activity: one line per request, with JSON-RPC method and tool, never a token
    const activity = readFileSync(join(configDir, 'activity.jsonl'), 'utf8');
    const entries = activity
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(
      entries.some((e) => e['tool'] === 'Ecs-20140526-DeleteInstance' && e['status'] === 200),
    ).toBe(true);
    expect(entries.some((e) => e['rpcMethod'] === 'tools/list')).toBe(true);
    expect(statSync(join(configDir, 'tokens.json')).mode & 0o777).toBe(0o600);

    // nothing secret anywhere the user or a log reader can see
    const secrets = [...bearerTokensSeenUpstream(), before ?? '', after ?? ''].filter(
      (s) => s.length > 8,
    );
    expect(secrets.length).toBeGreaterThan(2);
    const visible = [
      cli.stdout(),
      cli.stderr(),
      activity,
      JSON.stringify(health),
      readFileSync(join(configDir, 'settings.json'), 'utf8'),
    ].join('\n');
    for (const secret of secrets) expect(visible).not.toContain(secret);
    const codes = cloud.tokenRequests
      .map((r) => r['code'])
      .filter((c): c is string => c !== undefined);
    for (const code of codes) expect(visible).not.toContain(code);

    expect(await cli.stop()).toBe(0);

    // a restart needs no flags for the client id and no sign-in: both were remembered
    const restarted = startCli([
      'proxy',
      '--port',
      '0',
      '--token-store',
      'file',
      '--config-dir',
      configDir,
      '--no-browser',
    ]);
    running.push(restarted);
    const base2 = await listening(restarted);
    await restarted.waitFor(/Signed in \(profile "default"\)/);
    expect(restarted.stdout()).not.toContain(cloud.authorizeUrl);
    const client = await connect(`${base2}${demo.mcpPath}`, 'http');
    await client.callTool({ name: 'Ecs-20140526-DescribeInstances', arguments: {} });
    await client.close();

    const status = await runCli([
      'status',
      '--json',
      '--config-dir',
      configDir,
      '--token-store',
      'file',
    ]);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      profiles: [{ name: 'default', signedIn: true, site: 'custom' }],
    });
    await restarted.stop();

    // logout revokes at the authorization server and deletes the local secret
    const revokesBefore = cloud.revokeRequests.length;
    const logout = await runCli(['logout', '--config-dir', configDir, '--token-store', 'file']);
    expect(logout.stdout).toContain('revoked and deleted');
    expect(cloud.revokeRequests.length).toBe(revokesBefore + 1);
    expect(storedRefreshToken(configDir)).toBeUndefined();
  });

  it('keeps running after the refresh token dies: clients get 503 naming `mcp-gate login`, one log line', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'mcp-gate-cli-'));
    const cli = proxyCli(configDir);
    const base = await listening(cli);
    await signInThrough(cli);
    const demo = cloud.servers[0];
    if (demo === undefined) throw new Error('fixture servers missing');
    // the refresh token is revoked behind the proxy's back, and the access token rejected
    const rt = storedRefreshToken(configDir) ?? '';
    const revoke = await fetch(cloud.revokeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: rt, client_id: cloud.clientId }).toString(),
    });
    expect(revoke.status).toBe(200);
    cloud.rejectCurrentAccessTokens();
    const before = cloud.tokenRequests.length;
    for (let i = 0; i < 3; i++) {
      const res = await postToolsList(`${base}${demo.mcpPath}`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message).toContain('mcp-gate login');
    }
    // one failed refresh, no loop
    expect(cloud.tokenRequests.length - before).toBe(1);
    const health = (await (await fetch(`${base}/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ signedIn: false, session: 'expired' });
    const warnings = cli
      .stderr()
      .split('\n')
      .filter((l) => l.includes('"invalid_grant"'));
    expect(warnings).toHaveLength(1);
  });

  it('a declined consent says so and the proxy keeps running, signed out', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'mcp-gate-cli-'));
    const cli = proxyCli(configDir);
    const base = await listening(cli);
    const [url] = await cli.waitFor(new RegExp(`${escape(cloud.authorizeUrl)}\\?\\S+`));
    const result = await completeSignIn(url, { deny: true });
    expect(result.callbackBody).toMatch(/declined|denied/i);
    await cli.waitFor(/declined|denied/i);
    const health = (await (await fetch(`${base}/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ signedIn: false });
    // a new sign-in can start from the proxy's /login
    const login = await fetch(`${base}/login`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toContain(cloud.authorizeUrl);
  });
});

describe('mcp-gate errors a user can act on', () => {
  it('refuses to run without a keychain unless the file store is chosen, naming both fixes', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'mcp-gate-cli-'));
    const r = await runCli(
      ['proxy', ...cloudFlags(cloud), '--port', '0', '--config-dir', configDir],
      {
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/mcp-gate-test-bus',
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--token-store file');
    expect(r.stderr).toMatch(/gnome-keyring|Secret Service/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('says which flags --site custom is missing', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'mcp-gate-cli-'));
    const r = await runCli([
      'login',
      '--site',
      'custom',
      '--oauth-client-id',
      'app-1',
      '--token-store',
      'file',
      '--config-dir',
      configDir,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--authorize-url');
  });

  it('rejects a bad port with the flag named', async () => {
    const r = await runCli(['proxy', '--port', 'eighty', '--token-store', 'file']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--port must be a number');
  });

  it('reports a port in use with the fix', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'mcp-gate-cli-'));
    const first = proxyCli(configDir);
    const base = await listening(first);
    const port = new URL(base).port;
    const r = await runCli([
      'proxy',
      ...cloudFlags(cloud),
      '--port',
      port,
      '--token-store',
      'file',
      '--config-dir',
      mkdtempSync(join(tmpdir(), 'mcp-gate-cli-')),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Port ${port}`);
    expect(r.stderr).toContain('--port');
  });
});

describe('mcp-gate proxy to an https upstream', () => {
  it('reaches a TLS upstream whose CA is trusted through NODE_EXTRA_CA_CERTS, and says why when it is not', async () => {
    const tlsCloud = await startLocalCloud({ tls: true });
    try {
      const demo = tlsCloud.servers[0];
      if (demo === undefined || tlsCloud.caCertPath === null) throw new Error('fixture incomplete');
      const start = (env: NodeJS.ProcessEnv): CliProcess =>
        proxyCli(mkdtempSync(join(tmpdir(), 'mcp-gate-tls-')), [], { cloud: tlsCloud, env });
      const signIn = async (cli: CliProcess): Promise<string> => {
        const base = await listening(cli);
        await signInThrough(cli, tlsCloud);
        return base;
      };

      const trusted = start({ NODE_EXTRA_CA_CERTS: tlsCloud.caCertPath });
      const base = await signIn(trusted);
      expect(tlsCloud.upstreamUrl).toMatch(/^https:/);
      const client = await connect(`${base}${demo.mcpPath}`, 'http');
      const tools = await client.listTools();
      expect(tools.tools.length).toBeGreaterThan(0);
      await client.close();
      await trusted.stop();

      const untrusted = start({ NODE_EXTRA_CA_CERTS: '' });
      const base2 = await signIn(untrusted);
      const res = await postToolsList(`${base2}${demo.mcpPath}`);
      expect(res.status).toBe(502);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message).toMatch(/certificate|TLS/i);
      await untrusted.stop();
    } finally {
      await tlsCloud.close();
    }
  });
});

describe('mcp-gate proxy with short-lived access tokens', () => {
  it('refreshes ahead of expiry on its own, so calls keep working after the first token lapsed', async () => {
    const shortCloud = await startLocalCloud({ accessTokenTtlSeconds: 2 });
    try {
      const demo = shortCloud.servers[0];
      if (demo === undefined) throw new Error('fixture incomplete');
      const configDir = mkdtempSync(join(tmpdir(), 'mcp-gate-ttl-'));
      const cli = proxyCli(configDir, [], { cloud: shortCloud });
      const base = await listening(cli);
      await signInThrough(cli, shortCloud);
      const client = await connect(`${base}${demo.mcpPath}`, 'http');
      await client.callTool({ name: 'Ecs-20140526-DescribeInstances', arguments: {} });
      // let the first access token expire (2 s lifetime), then call again
      await new Promise((r) => setTimeout(r, 2_500));
      const result = await client.callTool({
        name: 'Ecs-20140526-DescribeInstances',
        arguments: {},
      });
      expect(result.isError).not.toBe(true);
      await client.close();
      const grants = shortCloud.tokenRequests.map((r) => r['grant_type']);
      expect(grants[0]).toBe('authorization_code');
      expect(grants).toContain('refresh_token');
      const tokens = new Set(
        shortCloud.upstreamRequests.map((r) => r.headers['authorization']).filter(Boolean),
      );
      expect(tokens.size).toBeGreaterThan(1);
      await cli.stop();
    } finally {
      await shortCloud.close();
    }
  });
});
