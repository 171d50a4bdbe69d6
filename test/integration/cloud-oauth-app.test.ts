import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOAuthApp } from '../../electron/core/cloud/oauth-app';
import { createOpenApiClient, type OpenApiClient } from '../../electron/core/cloud/openapi-client';
import { UserError } from '../../electron/core/errors';
import {
  completeSignIn,
  DEFAULT_ACCESS_KEY,
  DEFAULT_ACCOUNT_ID,
  SECOND_ACCESS_KEY,
  SECOND_ACCOUNT_ID,
  startLocalCloud,
  type LocalCloud,
} from '../fixtures/local-cloud';

let cloud: LocalCloud;
let client: OpenApiClient;

beforeAll(async () => {
  cloud = await startLocalCloud();
  client = createOpenApiClient({
    credentials: DEFAULT_ACCESS_KEY,
    endpoints: { imsUrl: cloud.imsUrl, mcpUrl: cloud.upstreamUrl },
  });
});
afterAll(() => cloud.close());

const redirect = (port: number) => `http://127.0.0.1:${port}/callback`;

describe('OAuth application set-up against the local IMS', () => {
  it('creates the NativeApp when missing, with the documented CreateApplication fields', async () => {
    const result = await ensureOAuthApp(client, { redirectUri: redirect(8088) });
    expect(result.created).toBe(true);
    expect(result.clientId).toMatch(/^\d+$/);
    const create = cloud.apiCalls.find((call) => call.action === 'CreateApplication');
    expect(create?.params).toEqual({
      AppName: 'mcp-gate',
      DisplayName: 'mcp-gate',
      AppType: 'NativeApp',
      RedirectUris: redirect(8088),
      PredefinedScopes: '/acs/mcp-server',
      ProtocolVersion: '2.1',
      AccessTokenValidity: '10800',
      RefreshTokenValidity: '31536000',
      IsMultiTenant: 'false',
      SecretRequired: 'false',
    });
  });

  it('finds and checks the existing app the second time (ListApplications + GetApplication), creating nothing', async () => {
    const before = cloud.applications.length;
    const result = await ensureOAuthApp(client, { redirectUri: redirect(8088) });
    expect(result.created).toBe(false);
    expect(result.clientId).toBe(cloud.applications.find((a) => a.appName === 'mcp-gate')?.appId);
    expect(cloud.applications).toHaveLength(before);
    expect(cloud.apiCalls.slice(-2).map((c) => c.action)).toEqual([
      'ListApplications',
      'GetApplication',
    ]);
  });

  it('a port change the app does not know is caught before any browser opens, naming the URI and the fix', async () => {
    const error = await ensureOAuthApp(client, { redirectUri: redirect(9555) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ code: 'oauth-app-redirect-uri' });
    const message = (error as Error).message;
    expect(message).toContain(redirect(9555));
    expect(message).toContain('RAM console');
    expect(message).toContain('UpdateApplication');
    expect(message).toContain('--port 8088');
  });

  it('an app of the wrong type is refused, telling to choose another name or delete it', async () => {
    await cloud.putApplication({
      accountId: DEFAULT_ACCOUNT_ID,
      appName: 'web-one',
      appType: 'WebApp',
      redirectUris: [redirect(8088)],
      predefinedScopes: ['/acs/mcp-server'],
    });
    const error = await ensureOAuthApp(client, {
      appName: 'web-one',
      redirectUri: redirect(8088),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'oauth-app-wrong-type' });
    expect((error as Error).message).toMatch(
      /is a WebApp, not a NativeApp: choose another name with --oauth-app-name.*delete it in the RAM console/,
    );
  });

  it('finds an app by its DisplayName too, and reports a missing scope', async () => {
    await cloud.putApplication({
      accountId: DEFAULT_ACCOUNT_ID,
      appName: 'console-made',
      displayName: 'My Gate',
      redirectUris: [redirect(8088)],
      predefinedScopes: ['openid'],
    });
    const error = await ensureOAuthApp(client, {
      appName: 'My Gate',
      redirectUri: redirect(8088),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'oauth-app-misconfigured' });
    expect((error as Error).message).toContain('lacks the OAuth scope /acs/mcp-server');
  });

  it('apps are per account: the second account gets its own', async () => {
    const second = createOpenApiClient({
      credentials: SECOND_ACCESS_KEY,
      endpoints: { imsUrl: cloud.imsUrl, mcpUrl: cloud.upstreamUrl },
    });
    const result = await ensureOAuthApp(second, { redirectUri: redirect(8088) });
    expect(result.created).toBe(true);
    expect(cloud.applications.find((a) => a.appId === result.clientId)?.accountId).toBe(
      SECOND_ACCOUNT_ID,
    );
  });

  it('with create: false, a missing app is an error that names how to make one', async () => {
    const error = await ensureOAuthApp(client, {
      appName: 'absent',
      redirectUri: redirect(8088),
      create: false,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'oauth-app-not-found' });
    expect((error as Error).message).toContain('--oauth-client-id');
  });

  it('a created app is a working OAuth client: sign in with it and get tokens that open the upstream', async () => {
    const { clientId } = await ensureOAuthApp(client, { redirectUri: redirect(8088) });
    const verifier = randomBytes(32).toString('base64url');
    const url = new URL(cloud.authorizeUrl);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirect(8088),
      scope: cloud.scope,
      state: 'st',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const { callbackUrl } = await completeSignIn(url.href, { followCallback: false });
    const code = new URL(callbackUrl).searchParams.get('code') ?? '';
    const answer = await fetch(cloud.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        client_id: clientId,
        redirect_uri: redirect(8088),
        code_verifier: verifier,
      }),
    });
    const tokens = (await answer.json()) as { access_token?: string; refresh_token?: string };
    expect(answer.status).toBe(200);
    expect(tokens.refresh_token).toBeTypeOf('string');
    const other = cloud.servers.find((s) => s.name === 'other');
    const probe = await fetch(cloud.upstreamUrl + (other?.mcpPath ?? ''), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.access_token ?? ''}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-03-26',
          capabilities: {},
          clientInfo: { name: 't', version: '1' },
        },
      }),
    });
    expect(probe.status).toBe(200);
    await probe.body?.cancel();
  });

  it('a token of one account is refused on another account’s path', async () => {
    const { clientId } = await ensureOAuthApp(client, { redirectUri: redirect(8088) });
    const verifier = randomBytes(32).toString('base64url');
    const url = new URL(cloud.authorizeUrl);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirect(8088),
      scope: cloud.scope,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const { callbackUrl } = await completeSignIn(url.href, { followCallback: false });
    const answer = await fetch(cloud.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: new URL(callbackUrl).searchParams.get('code') ?? '',
        client_id: clientId,
        redirect_uri: redirect(8088),
        code_verifier: verifier,
      }),
    });
    const { access_token: token } = (await answer.json()) as { access_token: string };
    const billing = cloud.accounts.find((a) => a.accountId === SECOND_ACCOUNT_ID)?.servers[0];
    const response = await fetch(cloud.upstreamUrl + (billing?.mcpPath ?? ''), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'Forbidden.AccountMismatch' });
  });
});
