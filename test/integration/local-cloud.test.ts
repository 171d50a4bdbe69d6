import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOpenApiClient } from '../../electron/core/cloud/openapi-client';
import {
  completeSignIn,
  DEFAULT_ACCESS_KEY,
  startLocalCloud,
  type LocalCloud,
  type MountedMcpServer,
} from '../fixtures/local-cloud';

interface TokenAnswer {
  readonly status: number;
  readonly type: string;
  readonly body: Record<string, unknown>;
}

let cloud: LocalCloud;
const clients: Client[] = [];

beforeAll(async () => {
  cloud = await startLocalCloud({ accessTokenTtlSeconds: 5 });
});
afterEach(async () => {
  cloud.setTokenFault(null);
  cloud.setRevokeFault(null);
  await Promise.all(clients.splice(0).map((client) => client.close()));
});
afterAll(() => cloud.close());

function server(name: string): MountedMcpServer {
  const found = cloud.servers.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no server ${name}`);
  return found;
}

function authorizationRequest(port = 53682, extra: Record<string, string> = {}) {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  const url = new URL(cloud.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: cloud.clientId,
    redirect_uri: redirectUri,
    scope: cloud.scope,
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    access_type: 'offline',
    ...extra,
  }).toString();
  return { url: url.href, verifier, state, redirectUri };
}

async function postToken(form: Record<string, string>, signal?: AbortSignal): Promise<TokenAnswer> {
  const response = await fetch(cloud.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams(form),
    ...(signal ? { signal } : {}),
  });
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  const body = type.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : { text };
  return { status: response.status, type, body };
}

/** Signs in through the real pages and exchanges the code; returns the token response. */
async function signIn(): Promise<{ accessToken: string; refreshToken: string }> {
  const request = authorizationRequest();
  const { callbackUrl } = await completeSignIn(request.url, { followCallback: false });
  const code = new URL(callbackUrl).searchParams.get('code') ?? '';
  const answer = await postToken({
    grant_type: 'authorization_code',
    code,
    client_id: cloud.clientId,
    redirect_uri: request.redirectUri,
    code_verifier: request.verifier,
  });
  expect(answer.status).toBe(200);
  return {
    accessToken: String(answer.body['access_token']),
    refreshToken: String(answer.body['refresh_token']),
  };
}

function refresh(refreshToken: string, signal?: AbortSignal): Promise<TokenAnswer> {
  return postToken(
    { grant_type: 'refresh_token', client_id: cloud.clientId, refresh_token: refreshToken },
    signal,
  );
}

/** Sends an MCP `initialize` to the JSON-answering server; returns the HTTP status. */
async function probe(token: string | undefined, target: LocalCloud = cloud): Promise<Response> {
  const path = target.servers.find((candidate) => candidate.name === 'other')?.mcpPath ?? '';
  return fetch(target.upstreamUrl + path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(initializeRequest),
  });
}

const initializeRequest = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'probe', version: '1.0.0' },
  },
};

async function connect(transport: StreamableHTTPClientTransport | SSEClientTransport) {
  const client = new Client({ name: 'local-cloud-self-test', version: '1.0.0' });
  clients.push(client);
  await client.connect(transport);
  return client;
}

function bearer(token: string): RequestInit {
  return { headers: { authorization: `Bearer ${token}` } };
}

describe('local cloud: authorization server', () => {
  it('publishes Alibaba-shaped endpoint URLs in its discovery document', async () => {
    const metadata = (await (await fetch(cloud.discoveryUrl)).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer: cloud.issuer,
      authorization_endpoint: `${cloud.issuer}/oauth2/v1/auth`,
      token_endpoint: `${cloud.issuer}/v1/token`,
      revocation_endpoint: `${cloud.issuer}/v1/revoke`,
      introspection_endpoint: `${cloud.issuer}/v1/introspect`,
      code_challenge_methods_supported: ['S256'],
    });
    expect(metadata['scopes_supported']).toContain('/acs/mcp-server');
    expect(cloud.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('signs in through the login and consent pages and exchanges the code with PKCE', async () => {
    const request = authorizationRequest(41234);
    const result = await completeSignIn(request.url, { followCallback: false });
    const callback = new URL(result.callbackUrl);
    expect(`${callback.origin}${callback.pathname}`).toBe(request.redirectUri);
    expect(callback.searchParams.get('state')).toBe(request.state);
    expect(callback.searchParams.get('iss')).toBe(cloud.issuer);
    expect(result.callbackStatus).toBeNull();

    const form = {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      client_id: cloud.clientId,
      redirect_uri: request.redirectUri,
      code_verifier: request.verifier,
    };
    const answer = await postToken(form);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', scope: '/acs/mcp-server' });
    expect(answer.body['access_token']).toEqual(expect.any(String));
    expect(answer.body['refresh_token']).toEqual(expect.any(String));
    expect(answer.body['expires_in']).toBeLessThanOrEqual(5);
    expect(cloud.tokenRequests.at(-1)).toEqual(form);

    const replay = await postToken(form);
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('rejects a code exchanged without the PKCE verifier', async () => {
    const request = authorizationRequest();
    const { callbackUrl } = await completeSignIn(request.url, { followCallback: false });
    const answer = await postToken({
      grant_type: 'authorization_code',
      code: new URL(callbackUrl).searchParams.get('code') ?? '',
      client_id: cloud.clientId,
      redirect_uri: request.redirectUri,
    });
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses an authorization request without a PKCE challenge', async () => {
    const request = authorizationRequest(53682, { code_challenge: '', code_challenge_method: '' });
    const { callbackUrl } = await completeSignIn(request.url, { followCallback: false });
    expect(new URL(callbackUrl).searchParams.get('error')).toBe('invalid_request');
  });

  it('rotates the refresh token on each use; the old one then fails with invalid_grant', async () => {
    const first = await signIn();
    const answer = await refresh(first.refreshToken);
    expect(answer.status).toBe(200);
    const rotated = String(answer.body['refresh_token']);
    expect(rotated).not.toBe(first.refreshToken);
    expect(answer.body['access_token']).not.toBe(first.accessToken);
    expect(cloud.tokenRequests.at(-1)).toEqual({
      grant_type: 'refresh_token',
      client_id: cloud.clientId,
      refresh_token: first.refreshToken,
    });

    const next = await refresh(rotated);
    expect(next.status).toBe(200);
    expect(await refresh(rotated)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('redirects with error=access_denied when the user cancels the consent', async () => {
    const request = authorizationRequest();
    const { callbackUrl } = await completeSignIn(request.url, {
      deny: true,
      followCallback: false,
    });
    const callback = new URL(callbackUrl);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe(request.state);
    expect(callback.searchParams.has('code')).toBe(false);
  });

  it('requests the callback on whatever loopback port the client listens on', async () => {
    const callbackServer = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`got ${req.url?.split('?')[0]}`);
    });
    await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
    try {
      const port = (callbackServer.address() as AddressInfo).port;
      const result = await completeSignIn(authorizationRequest(port).url);
      expect(result.callbackUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/callback\\?`));
      expect(result).toMatchObject({ callbackStatus: 200, callbackBody: 'got /callback' });
    } finally {
      callbackServer.closeAllConnections();
      await new Promise((resolve) => callbackServer.close(resolve));
    }
  });

  it('serves a login page that references nothing outside the machine', async () => {
    const start = await fetch(authorizationRequest().url, { redirect: 'manual' });
    const page = await fetch(new URL(start.headers.get('location') ?? '', cloud.issuer), {
      headers: {
        cookie: start.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; '),
      },
    });
    const html = await page.text();
    expect(html).toContain('name="login"');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
  });

  it('refuses a redirect URI other than the registered loopback callback', async () => {
    for (const redirectUri of ['http://127.0.0.1:4000/other', 'http://localhost:4000/callback']) {
      const url = new URL(authorizationRequest().url);
      url.searchParams.set('redirect_uri', redirectUri);
      await expect(completeSignIn(url.href, { followCallback: false })).rejects.toThrow(
        /redirect_uri did not match/,
      );
    }
  });

  it('revokes a refresh token at /v1/revoke', async () => {
    const { refreshToken } = await signIn();
    const response = await fetch(cloud.revokeUrl, {
      method: 'POST',
      body: new URLSearchParams({ token: refreshToken, client_id: cloud.clientId }),
    });
    expect(response.status).toBe(200);
    expect(cloud.revokeRequests.at(-1)).toEqual({ token: refreshToken, client_id: cloud.clientId });
    expect(await refresh(refreshToken)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });
});

describe('local cloud: token and revocation faults', () => {
  it('status-500: answers 500 and leaves the refresh token usable', async () => {
    const { refreshToken } = await signIn();
    cloud.setTokenFault('status-500');
    const answer = await refresh(refreshToken);
    expect(answer).toMatchObject({ status: 500, body: { error: 'server_error' } });
    expect(cloud.tokenRequests.at(-1)).toMatchObject({ refresh_token: refreshToken });
    cloud.setTokenFault(null);
    expect((await refresh(refreshToken)).status).toBe(200);
  });

  it('html: answers 200 with an HTML page', async () => {
    const { refreshToken } = await signIn();
    cloud.setTokenFault('html');
    const answer = await refresh(refreshToken);
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^text\/html/);
    expect(answer.body['text']).toMatch(/^<!DOCTYPE html>/);
  });

  it('no-access-token: answers 200 JSON without an access_token', async () => {
    const { refreshToken } = await signIn();
    cloud.setTokenFault('no-access-token');
    const answer = await refresh(refreshToken);
    expect(answer.status).toBe(200);
    expect(answer.body).not.toHaveProperty('access_token');
    expect(answer.body).toHaveProperty('token_type', 'Bearer');
  });

  it('hang: never answers', async () => {
    cloud.setTokenFault('hang');
    await expect(refresh('whatever', AbortSignal.timeout(300))).rejects.toThrow(/aborted/i);
  });

  it('revoke faults: status-500 and hang', async () => {
    const revoke = (signal?: AbortSignal) =>
      fetch(cloud.revokeUrl, {
        method: 'POST',
        body: new URLSearchParams({ token: 'x', client_id: cloud.clientId }),
        ...(signal ? { signal } : {}),
      });
    cloud.setRevokeFault('status-500');
    expect((await revoke()).status).toBe(500);
    cloud.setRevokeFault('hang');
    await expect(revoke(AbortSignal.timeout(300))).rejects.toThrow(/aborted/i);
  });

  it('close() cuts a hanging token request and an open SSE stream', async () => {
    const other = await startLocalCloud();
    const { url, verifier, redirectUri } = authorizationRequest();
    const { callbackUrl } = await completeSignIn(url.replace(cloud.issuer, other.issuer), {
      followCallback: false,
    });
    const tokens = await fetch(other.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: new URL(callbackUrl).searchParams.get('code') ?? '',
        client_id: other.clientId,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }),
    });
    const { access_token: token } = (await tokens.json()) as { access_token: string };
    const sse = await fetch(other.upstreamUrl + (other.servers[0]?.ssePath ?? ''), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(sse.status).toBe(200);
    const reader = sse.body?.getReader();
    await reader?.read();
    other.setTokenFault('hang');
    const pending = fetch(other.tokenUrl, { method: 'POST', body: 'grant_type=refresh_token' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await other.close();
    await expect(pending).rejects.toThrow();
    const ended = await reader?.read().then(
      (chunk) => chunk.done,
      () => true,
    );
    expect(ended).toBe(true);
  });
});

describe('local cloud: OpenAPI MCP upstream', () => {
  it('serves tools over Streamable HTTP (SSE answers) with a bearer token', async () => {
    const { accessToken } = await signIn();
    const demo = server('demo');
    expect(demo.mcpPath).toBe(`/accounts/${cloud.accountId}/custom/demo/id/demoId0001/mcp`);
    const client = await connect(
      new StreamableHTTPClientTransport(new URL(demo.mcpPath, cloud.upstreamUrl), {
        requestInit: bearer(accessToken),
      }),
    );
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining([
        'Ecs-20140526-DescribeInstances',
        'Ecs-20140526-DeleteInstance',
        'Ecs-20140526-StartInstance',
        'slow-stream',
      ]),
    );
    const result = await client.callTool({
      name: 'Ecs-20140526-DescribeInstances',
      arguments: { RegionId: 'cn-hangzhou' },
    });
    expect(JSON.stringify(result.content)).toContain('i-bp1demo0000000001');
    expect(cloud.toolCalls.at(-1)).toEqual({
      server: 'demo',
      tool: 'Ecs-20140526-DescribeInstances',
      args: { RegionId: 'cn-hangzhou' },
    });
    const lastPost = cloud.upstreamRequests.filter((r) => r.method === 'POST').at(-1);
    expect(lastPost?.path).toBe(demo.mcpPath);
    expect(lastPost?.headers['authorization']).toBe(`Bearer ${accessToken}`);
    expect(lastPost?.headers['mcp-session-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves plain JSON answers on `other` and records deletions', async () => {
    const { accessToken } = await signIn();
    const client = await connect(
      new StreamableHTTPClientTransport(new URL(server('other').mcpPath, cloud.upstreamUrl), {
        requestInit: bearer(accessToken),
      }),
    );
    await client.callTool({
      name: 'Ecs-20140526-DeleteInstance',
      arguments: { InstanceId: 'i-bp1doomed' },
    });
    expect(cloud.deletedInstances).toContain('i-bp1doomed');

    const response = await probe(accessToken);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('mcp-session-id')).toEqual(expect.any(String));
    await response.body?.cancel();
  });

  it('streams progress and log notifications from slow-stream before the result', async () => {
    const { accessToken } = await signIn();
    const system = server('ecs-ops');
    expect(system.mcpPath).toBe(
      `/accounts/${cloud.accountId}/system/ecs/ecs-ops/id/${system.id}/mcp`,
    );
    const client = await connect(
      new StreamableHTTPClientTransport(new URL(system.mcpPath, cloud.upstreamUrl), {
        requestInit: bearer(accessToken),
      }),
    );
    const logs: string[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
      logs.push(String(notification.params.data));
    });
    const progress: number[] = [];
    const result = await client.callTool(
      { name: 'slow-stream', arguments: { count: 3, intervalMs: 20 } },
      undefined,
      { onprogress: (event) => progress.push(event.progress) },
    );
    expect(progress).toEqual([1, 2, 3]);
    expect(logs).toEqual(['tick 1 of 3', 'tick 2 of 3', 'tick 3 of 3']);
    expect(result.content).toEqual([{ type: 'text', text: 'streamed 3 ticks' }]);
  });

  it('legacy SSE: the endpoint event carries an absolute upstream URL and the SDK client works', async () => {
    const { accessToken } = await signIn();
    const demo = server('demo');
    const response = await fetch(cloud.upstreamUrl + demo.ssePath, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'text/event-stream' },
    });
    const reader = response.body?.getReader();
    const first = new TextDecoder().decode((await reader?.read())?.value);
    await reader?.cancel();
    expect(first).toMatch(
      new RegExp(`^event: endpoint\\ndata: ${cloud.upstreamUrl}${demo.messagePath}\\?sessionId=`),
    );

    const client = await connect(
      new SSEClientTransport(new URL(demo.ssePath, cloud.upstreamUrl), {
        requestInit: bearer(accessToken),
      }),
    );
    await client.callTool({
      name: 'Ecs-20140526-StartInstance',
      arguments: { InstanceId: 'i-bp1sse' },
    });
    expect(cloud.toolCalls.at(-1)).toMatchObject({
      server: 'demo',
      tool: 'Ecs-20140526-StartInstance',
    });
    const message = cloud.upstreamRequests.filter((r) => r.method === 'POST').at(-1);
    expect(message?.path).toMatch(new RegExp(`^${demo.messagePath}\\?sessionId=`));
    expect(message?.headers['authorization']).toBe(`Bearer ${accessToken}`);
  });

  it('answers 401 with a resource_metadata challenge to a missing, garbage or refresh token', async () => {
    const { refreshToken } = await signIn();
    for (const token of [undefined, 'garbage', refreshToken]) {
      const response = await probe(token);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(
        new RegExp(
          `^Bearer error="invalid_token", .*resource_metadata="${cloud.upstreamUrl}/\\.well-known/oauth-protected-resource"$`,
        ),
      );
      expect(await response.json()).toMatchObject({ error: 'invalid_token' });
    }
  });

  it('rejectCurrentAccessTokens: old access tokens get 401, refreshed ones work', async () => {
    const { accessToken, refreshToken } = await signIn();
    expect((await probe(accessToken)).status).toBe(200);
    cloud.rejectCurrentAccessTokens();
    expect((await probe(accessToken)).status).toBe(401);
    const answer = await refresh(refreshToken);
    expect((await probe(String(answer.body['access_token']))).status).toBe(200);
  });

  it('answers a signed ListApiMcpServers with the servers and their absolute URLs', async () => {
    const client = createOpenApiClient({
      credentials: DEFAULT_ACCESS_KEY,
      endpoints: { imsUrl: cloud.imsUrl, mcpUrl: cloud.upstreamUrl },
    });
    const body = (await client.callRoa({
      action: 'ListApiMcpServers',
      version: '2024-11-30',
      method: 'GET',
      path: '/apimcpservers',
    })) as { apiMcpServers: unknown[] };
    expect(body.apiMcpServers).toContainEqual({
      id: 'demoId0001',
      name: 'demo',
      sourceType: 'custom',
      product: 'ecs',
      urls: {
        mcp: cloud.upstreamUrl + server('demo').mcpPath,
        sse: cloud.upstreamUrl + server('demo').ssePath,
      },
    });
  });
});

describe('local cloud: lifetimes and TLS', () => {
  it('expires access tokens after the configured lifetime', async () => {
    const short = await startLocalCloud({ accessTokenTtlSeconds: 1 });
    try {
      const request = authorizationRequest();
      request.url = request.url.replace(cloud.issuer, short.issuer);
      const { callbackUrl } = await completeSignIn(request.url, { followCallback: false });
      const answer = await fetch(short.tokenUrl, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: new URL(callbackUrl).searchParams.get('code') ?? '',
          client_id: short.clientId,
          redirect_uri: request.redirectUri,
          code_verifier: request.verifier,
        }),
      });
      const { access_token: token } = (await answer.json()) as { access_token: string };
      expect((await probe(token, short)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      expect((await probe(token, short)).status).toBe(401);
    } finally {
      await short.close();
    }
  });

  it('serves the upstream over https with a CA made for the run', async () => {
    const secure = await startLocalCloud({ tls: true });
    const trusting = new Agent({ connect: { ca: secure.caCertPem ?? '' } });
    try {
      expect(secure.upstreamUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(secure.caCertPath).toMatch(/ca\.pem$/);
      const listed = await undiciFetch(`${secure.upstreamUrl}/apimcpservers`, {
        dispatcher: trusting,
      });
      // Unsigned: Alibaba's error shape, over TLS.
      expect(listed.status).toBe(400);
      expect(await listed.json()).toMatchObject({ code: 'IncompleteSignature' });
      await expect(fetch(`${secure.upstreamUrl}/apimcpservers`)).rejects.toThrow();
    } finally {
      await trusting.close();
      await secure.close();
    }
  });
});
