import { describe, expect, it } from 'vitest';
import {
  appProblemsError,
  checkOAuthApp,
  createApplicationParams,
  parseImsApplication,
  type OAuthApp,
} from '../../electron/core/cloud/oauth-app';

const REDIRECT = 'http://127.0.0.1:8088/callback';
const good: OAuthApp = {
  appId: '4711',
  appName: 'mcp-gate',
  displayName: 'mcp-gate',
  appType: 'NativeApp',
  redirectUris: [REDIRECT],
  scopes: ['openid', '/acs/mcp-server'],
  protocolVersion: null,
};

describe('checkOAuthApp', () => {
  it.each([
    ['a good app', good, []],
    ['protocol 2.1 reported', { ...good, protocolVersion: '2.1' }, []],
    ['a WebApp', { ...good, appType: 'WebApp' }, ['not-native']],
    ['no MCP scope', { ...good, scopes: ['openid'] }, ['missing-scope']],
    ['OAuth 2.0 app', { ...good, protocolVersion: '2.0' }, ['protocol']],
    [
      'another port',
      { ...good, redirectUris: ['http://127.0.0.1:9000/callback'] },
      ['missing-redirect'],
    ],
    [
      'localhost instead of 127.0.0.1',
      { ...good, redirectUris: ['http://localhost:8088/callback'] },
      ['missing-redirect'],
    ],
    ['trailing slash', { ...good, redirectUris: [`${REDIRECT}/`] }, ['missing-redirect']],
    [
      'everything wrong',
      { ...good, appType: 'ServerApp', scopes: [], redirectUris: [] },
      ['not-native', 'missing-scope', 'missing-redirect'],
    ],
  ])('%s', (_label, app, kinds) => {
    expect(checkOAuthApp(app, REDIRECT).map((p) => p.kind)).toEqual(kinds);
  });

  it('suggests the loopback ports the app already allows', () => {
    const app = {
      ...good,
      redirectUris: [
        'http://127.0.0.1:9001/callback',
        'http://127.0.0.1:9000/callback',
        'https://x/cb',
      ],
    };
    expect(checkOAuthApp(app, REDIRECT)).toEqual([
      { kind: 'missing-redirect', redirectUri: REDIRECT, knownPorts: [9000, 9001] },
    ]);
  });
});

describe('appProblemsError: names what is wrong and the fix', () => {
  it('wrong type: choose another name or delete it', () => {
    const app = { ...good, appType: 'WebApp' };
    const error = appProblemsError(app, checkOAuthApp(app, REDIRECT));
    expect(error.code).toBe('oauth-app-wrong-type');
    expect(error.message).toContain('"mcp-gate" (AppId 4711) is a WebApp, not a NativeApp');
    expect(error.message).toContain('--oauth-app-name');
    expect(error.message).toContain('delete it in the RAM console');
  });

  it('missing redirect URI: names the URI, the console, UpdateApplication and the known port', () => {
    const app = { ...good, redirectUris: ['http://127.0.0.1:9000/callback'] };
    const error = appProblemsError(app, checkOAuthApp(app, REDIRECT));
    expect(error.code).toBe('oauth-app-redirect-uri');
    expect(error.message).toContain(`do not include ${REDIRECT}`);
    expect(error.message).toContain('RAM console');
    expect(error.message).toContain(
      `aliyun ims UpdateApplication --AppId 4711 --NewRedirectUris "http://127.0.0.1:9000/callback;${REDIRECT}"`,
    );
    expect(error.message).toContain('--port 9000');
  });

  it('missing scope and redirect together', () => {
    const app = { ...good, scopes: ['openid'], redirectUris: [] };
    const error = appProblemsError(app, checkOAuthApp(app, REDIRECT));
    expect(error.code).toBe('oauth-app-misconfigured');
    expect(error.message).toContain('lacks the OAuth scope /acs/mcp-server');
    expect(error.message).toContain('--NewPredefinedScopes "openid;/acs/mcp-server"');
    expect(error.message).toContain('(it has none)');
  });
});

describe('IMS application shapes', () => {
  it('flattens the IMS Application object', () => {
    expect(
      parseImsApplication({
        AppId: '1',
        AppName: 'a',
        DisplayName: 'A',
        AppType: 'NativeApp',
        RedirectUris: { RedirectUri: [REDIRECT] },
        DelegatedScope: {
          PredefinedScopes: { PredefinedScope: [{ Name: '/acs/mcp-server', Description: 'x' }] },
        },
        AccessTokenValidity: 10800,
      }),
    ).toEqual({
      appId: '1',
      appName: 'a',
      displayName: 'A',
      appType: 'NativeApp',
      redirectUris: [REDIRECT],
      scopes: ['/acs/mcp-server'],
      protocolVersion: null,
    });
    expect(parseImsApplication({ AppName: 'no id' })).toBeNull();
    expect(parseImsApplication({ AppId: '2' })?.redirectUris).toEqual([]);
  });

  it('asks CreateApplication for a public NativeApp with the MCP scope and the exact redirect URI', () => {
    expect(createApplicationParams('mcp-gate', REDIRECT)).toEqual({
      AppName: 'mcp-gate',
      DisplayName: 'mcp-gate',
      AppType: 'NativeApp',
      RedirectUris: REDIRECT,
      PredefinedScopes: '/acs/mcp-server',
      ProtocolVersion: '2.1',
      AccessTokenValidity: '10800',
      RefreshTokenValidity: '31536000',
      IsMultiTenant: 'false',
      SecretRequired: 'false',
    });
    expect(
      createApplicationParams('a-very-long-application-name-here', REDIRECT).DisplayName,
    ).toHaveLength(24);
  });
});
