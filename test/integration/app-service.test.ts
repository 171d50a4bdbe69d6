import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelInput, ChannelName, ChannelOutput, Reply } from '../../shared/ipc/contract';
import type { AppStatus, Notice } from '../../shared/ipc/views';
import { startUiStack, type UiStack } from '../fixtures/ui-stack';
import { completeSignIn } from '../fixtures/local-cloud';

let stack: UiStack;
let staticDir: string;

/** Calls one contract channel the way the page does: POST with the page token. */
async function invoke<C extends ChannelName>(
  channel: C,
  input: ChannelInput<C>,
): Promise<Reply<ChannelOutput<C>>> {
  const response = await fetch(`${stack.origin}/api/invoke/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-mcp-gate-ui-token': stack.token },
    body: JSON.stringify(input),
  });
  return (await response.json()) as Reply<ChannelOutput<C>>;
}

async function value<C extends ChannelName>(
  channel: C,
  input: ChannelInput<C>,
): Promise<ChannelOutput<C>> {
  const reply = await invoke(channel, input);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.message}`);
  return reply.value;
}

function waitForStatus(predicate: (status: AppStatus) => boolean): Promise<AppStatus> {
  return new Promise((resolve) => {
    if (predicate(stack.service.status())) return resolve(stack.service.status());
    const off = stack.service.on('status:changed', (status) => {
      if (!predicate(status)) return;
      off();
      resolve(status);
    });
  });
}

function initialize(): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'app-service-test', version: '1' },
    },
  });
}

async function postToServer(path: string, key?: string): Promise<Response> {
  return fetch(`${stack.proxyUrl() ?? ''}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(key === undefined ? {} : { 'x-mcp-gate-key': key }),
    },
    body: initialize(),
  });
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'mcp-gate-static-'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>MCP Gate</title>');
  stack = await startUiStack({ staticDir });
});

afterAll(async () => {
  await stack?.close();
  await rm(staticDir, { recursive: true, force: true });
});

describe('the desktop core over the loopback contract', () => {
  it('starts the proxy, signed out, with the account servers listed', async () => {
    const status = await value('app:status', {});
    expect(status.proxy.state).toBe('running');
    expect(status.proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(status.session).toBe('signed-out');
    expect(status.tray).toBe('signed-out');
    const servers = await value('servers:list', {});
    expect(servers.servers.map((s) => s.name).sort()).toEqual(
      stack.cloud.servers.map((s) => s.name).sort(),
    );
    expect(servers.servers.every((s) => s.access === 'allowed')).toBe(true);
    expect(servers.discoveryError).toBeNull();
  });

  it('refuses a wrong shape, an unknown channel, a missing token, a foreign Host or Origin', async () => {
    const wrong = await invoke('servers:setAllowed', { name: 'demo' } as never);
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.error.message).toContain('allowed');
    const unknown = await invoke('nope:nothing' as ChannelName, {} as never);
    expect(!unknown.ok && unknown.error.code).toBe('unknown-channel');
    const noToken = await fetch(`${stack.origin}/api/invoke/app:status`, {
      method: 'POST',
      body: '{}',
    });
    expect(noToken.status).toBe(401);
    const foreignOrigin = await fetch(`${stack.origin}/api/invoke/app:status`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'x-mcp-gate-ui-token': stack.token },
      body: '{}',
    });
    expect(foreignOrigin.status).toBe(403);
    const page = await fetch(`${stack.origin}/`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const traversal = await fetch(`${stack.origin}/..%2f..%2fetc%2fpasswd`);
    expect(traversal.status).toBe(404);
  });

  it('signs in through the local cloud and the tray turns ready', async () => {
    const notices: Notice[] = [];
    const off = stack.service.on('notice', (notice) => notices.push(notice));
    const { authorizationUrl } = await value('account:signIn', {});
    expect(stack.opened).toContain(authorizationUrl);
    expect((await value('app:status', {})).tray).toBe('working');
    await completeSignIn(authorizationUrl);
    const status = await waitForStatus((s) => s.session === 'signed-in' && !s.signInInProgress);
    expect(status.tray).toBe('ready');
    off();
    expect(notices.map((n) => n.kind)).toContain('signed-in');
  });

  it('a server switched off is refused by the proxy, and allowed again when switched on', async () => {
    const demo = stack.cloud.servers.find((s) => s.name === 'demo');
    if (demo === undefined) throw new Error('no demo server');
    const off = await value('servers:setAllowed', { name: 'demo', allowed: false });
    expect(off.servers.find((s) => s.name === 'demo')?.access).toBe('blocked');
    expect(off.blockedServers).toEqual(['demo']);
    const refused = await postToServer(demo.mcpPath);
    expect(refused.status).toBe(403);
    await refused.body?.cancel();
    await value('servers:setAllowed', { name: 'demo', allowed: true });
    const allowed = await postToServer(demo.mcpPath);
    expect(allowed.status).toBe(200);
    await allowed.body?.cancel();
    const settings = JSON.parse(await readFile(join(stack.configDir, 'settings.json'), 'utf8'));
    expect(settings.proxy.blockedServers).toEqual([]);
  });

  it('configures Cursor in the home folder with its own key, pushes activity, and removes it', async () => {
    const preview = await value('clients:preview', { id: 'cursor' });
    expect(preview.written).toBe(false);
    expect(preview.diff).toContain('aliyun-demo');
    const done = await value('clients:configure', { id: 'cursor' });
    expect(done.written).toBe(true);
    const file = join(stack.home, '.cursor', 'mcp.json');
    const written = JSON.parse(await readFile(file, 'utf8'));
    const entry = written.mcpServers['aliyun-demo'];
    expect(entry.url).toBe(`${stack.proxyUrl()}${stack.cloud.servers[0]?.mcpPath}`);
    const key: string = entry.headers['X-MCP-Gate-Key'];
    expect(key.length).toBeGreaterThan(20);
    const list = await value('clients:list', {});
    expect(list.find((c) => c.id === 'cursor')?.state).toBe('configured');

    const seen = new Promise((resolve) => {
      const off = stack.service.on('activity:appended', (entry) => {
        if (entry.client !== 'cursor') return;
        off();
        resolve(entry);
      });
    });
    const call = await postToServer(stack.cloud.servers[0]?.mcpPath ?? '', key);
    expect(call.status).toBe(200);
    await call.body?.cancel();
    expect(await seen).toMatchObject({ client: 'cursor', rpcMethod: 'initialize', status: 200 });
    const activity = await value('activity:list', { filter: { client: 'cursor' } });
    expect(activity.entries[0]?.client).toBe('cursor');
    const csv = await value('activity:export', { format: 'csv', filter: { client: 'cursor' } });
    expect(csv.text.split('\r\n')[0]).toContain('time,client');
    expect(csv.text).not.toContain(key);

    const removed = await value('clients:remove', { id: 'cursor' });
    expect(removed.message).toContain('revoked');
    expect(removed.diff).not.toContain(key);
    const after = JSON.parse(await readFile(file, 'utf8'));
    expect(after.mcpServers['aliyun-demo']).toBeUndefined();
  });

  it('reports a port in use in words, then runs again on a free port', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const notices: Notice[] = [];
    const off = stack.service.on('notice', (notice) => notices.push(notice));
    const view = await value('proxy:update', { port });
    expect(view.proxy.state).toBe('failed');
    expect(view.proxy.error).toContain(`Port ${port}`);
    expect(view.proxy.error).toContain('Proxy page');
    expect((await value('app:status', {})).tray).toBe('attention');
    expect(notices.map((n) => n.kind)).toContain('port-in-use');
    off();
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    const again = await value('proxy:update', { port: await freePort() });
    expect(again.proxy.state).toBe('running');
  });

  it('signs out: the refresh token is revoked and the tray says signed out', async () => {
    const before = stack.cloud.revokeRequests.length;
    const { revoked } = await value('account:signOut', {});
    expect(revoked).toBe(true);
    expect(stack.cloud.revokeRequests.length).toBe(before + 1);
    const status = await value('app:status', {});
    expect(status.session).toBe('signed-out');
    expect(status.tray).toBe('signed-out');
  });
});
