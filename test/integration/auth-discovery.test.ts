import { createServer, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeServer, listenOnLoopback } from '../fixtures/local-cloud/http-util';
import {
  applyMetadata,
  discoverMetadata,
  resolveEndpoints,
} from '../../electron/core/auth/endpoints';

let server: Server;
let origin: string;
let routes: Record<string, { status: number; body: string; hang?: boolean }>;
let hits: string[];

beforeEach(async () => {
  routes = {};
  hits = [];
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const route = routes[req.url ?? ''];
    if (route?.hang === true) return;
    res.writeHead(route?.status ?? 404, { 'content-type': 'application/json' });
    res.end(route?.body ?? '{}');
  });
  origin = `http://127.0.0.1:${await listenOnLoopback(server)}`;
});
afterEach(() => closeServer(server));

const metadata = () => ({
  issuer: origin,
  authorization_endpoint: `${origin}/oauth2/v2/auth`,
  token_endpoint: `${origin}/v2/token`,
  revocation_endpoint: `${origin}/v2/revoke`,
});

describe('discoverMetadata', () => {
  it('reads openid-configuration at the token URL’s origin', async () => {
    routes['/.well-known/openid-configuration'] = { status: 200, body: JSON.stringify(metadata()) };
    await expect(discoverMetadata(`${origin}/v1/token`)).resolves.toEqual({
      authorizeUrl: `${origin}/oauth2/v2/auth`,
      tokenUrl: `${origin}/v2/token`,
      revokeUrl: `${origin}/v2/revoke`,
    });
  });

  it('falls back to oauth-authorization-server (RFC 8414)', async () => {
    routes['/.well-known/oauth-authorization-server'] = {
      status: 200,
      body: JSON.stringify(metadata()),
    };
    const found = await discoverMetadata(`${origin}/v1/token`);
    expect(found?.tokenUrl).toBe(`${origin}/v2/token`);
    expect(hits).toEqual([
      '/.well-known/openid-configuration',
      '/.well-known/oauth-authorization-server',
    ]);
  });

  it('reads the answer of a path that failed, so its connection serves the next path', async () => {
    let connections = 0;
    server.on('connection', () => connections++);
    routes['/.well-known/oauth-authorization-server'] = {
      status: 200,
      body: JSON.stringify(metadata()),
    };
    await discoverMetadata(`${origin}/v1/token`);
    expect(hits).toHaveLength(2);
    expect(connections).toBe(1);
  });

  it.each([
    ['HTML', { status: 200, body: '<html>portal</html>' }],
    ['a JSON array', { status: 200, body: '[]' }],
    ['HTTP 500', { status: 500, body: '{}' }],
    [
      'another issuer',
      {
        status: 200,
        body: JSON.stringify({
          issuer: 'https://evil.example',
          token_endpoint: 'https://evil.example/t',
        }),
      },
    ],
    [
      'non-https endpoints',
      { status: 200, body: JSON.stringify({ token_endpoint: 'http://evil.example/t' }) },
    ],
  ])('%s → null, the table stays', async (_name, route) => {
    routes['/.well-known/openid-configuration'] = route;
    routes['/.well-known/oauth-authorization-server'] = route;
    const found = await discoverMetadata(`${origin}/v1/token`);
    expect(found).toBeNull();
    const table = resolveEndpoints({ site: 'cn' });
    expect(applyMetadata(table, found)).toBe(table);
  });

  it('a hanging or closed server → null, never throws', async () => {
    routes['/.well-known/openid-configuration'] = { status: 200, body: '', hang: true };
    routes['/.well-known/oauth-authorization-server'] = { status: 200, body: '', hang: true };
    await expect(discoverMetadata(`${origin}/v1/token`, undefined, 100)).resolves.toBeNull();
    await expect(
      discoverMetadata('http://127.0.0.1:1/v1/token', undefined, 1_000),
    ).resolves.toBeNull();
    await expect(discoverMetadata('not a url')).resolves.toBeNull();
  });

  it('metadata beats the table, explicit flags beat metadata', async () => {
    routes['/.well-known/openid-configuration'] = { status: 200, body: JSON.stringify(metadata()) };
    const resolved = resolveEndpoints({
      site: 'custom',
      overrides: {
        authorizeUrl: `${origin}/mine/auth`,
        tokenUrl: `${origin}/v1/token`,
        upstreamUrl: origin,
      },
    });
    const applied = applyMetadata(resolved, await discoverMetadata(resolved.tokenUrl));
    expect(applied).toMatchObject({
      authorizeUrl: `${origin}/mine/auth`,
      tokenUrl: `${origin}/v1/token`,
      revokeUrl: `${origin}/v2/revoke`,
    });
  });
});
