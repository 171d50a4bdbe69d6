import { describe, expect, it } from 'vitest';
import { SITES } from '../../shared/sites';
import {
  applyMetadata,
  endpointUrlProblem,
  resolveEndpoints,
  type EndpointOverrides,
} from '../../electron/core/auth/endpoints';
import { UserError } from '../../electron/core/errors';

function errorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('resolveEndpoints', () => {
  it.each(['cn', 'intl'] as const)('takes the %s table as published', (site) => {
    expect(resolveEndpoints({ site })).toEqual({ ...SITES[site], explicit: [] });
  });

  it.each([
    ['authorizeUrl', 'https://auth.example.com/a'],
    ['tokenUrl', 'https://auth.example.com/t'],
    ['revokeUrl', 'https://auth.example.com/r'],
    ['upstreamUrl', 'https://mcp.example.com'],
  ] as const)('lets the %s flag override only that endpoint', (name, value) => {
    const resolved = resolveEndpoints({ site: 'intl', overrides: { [name]: value } });
    expect(resolved).toMatchObject({ ...SITES.intl, [name]: value });
    expect(resolved.explicit).toEqual(name === 'upstreamUrl' ? [] : [name]);
  });

  it('ignores flags that were not given (undefined or blank)', () => {
    expect(
      resolveEndpoints({ site: 'cn', overrides: { tokenUrl: undefined, authorizeUrl: '  ' } }),
    ).toEqual({
      ...SITES.cn,
      explicit: [],
    });
  });

  it('builds a custom site from the three required flags; revoke is optional (null)', () => {
    const resolved = resolveEndpoints({
      site: 'custom',
      overrides: {
        authorizeUrl: 'http://127.0.0.1:9000/oauth2/v1/auth',
        tokenUrl: 'http://127.0.0.1:9000/v1/token',
        upstreamUrl: 'http://localhost:9001',
      },
    });
    expect(resolved).toEqual({
      authorizeUrl: 'http://127.0.0.1:9000/oauth2/v1/auth',
      tokenUrl: 'http://127.0.0.1:9000/v1/token',
      revokeUrl: null,
      upstreamUrl: 'http://localhost:9001',
      explicit: ['authorizeUrl', 'tokenUrl'],
    });
  });

  it.each<[EndpointOverrides, string]>([
    [{}, '--authorize-url, --token-url, --upstream-url'],
    [{ authorizeUrl: 'https://a.example/x' }, '--token-url, --upstream-url'],
    [{ authorizeUrl: 'https://a.example/x', tokenUrl: 'https://a.example/t' }, '--upstream-url'],
    [{ tokenUrl: 'https://a.example/t', upstreamUrl: 'https://m.example' }, '--authorize-url'],
  ])('custom without all required flags names the missing ones (%j)', (overrides, missing) => {
    const error = errorOf(() => resolveEndpoints({ site: 'custom', overrides }));
    expect(error.code).toBe('custom-site-incomplete');
    expect(error.message).toContain(
      '--site custom needs --authorize-url, --token-url and --upstream-url',
    );
    expect(error.message).toContain(`missing: ${missing}`);
  });

  it('rejects an unknown site', () => {
    expect(errorOf(() => resolveEndpoints({ site: 'moon' })).message).toBe(
      '--site must be cn, intl or custom.',
    );
  });

  it.each([
    ['tokenUrl', 'http://oauth.example.com/v1/token', '--token-url must use https'],
    ['authorizeUrl', 'ftp://signin.example.com/', '--authorize-url must be an https URL'],
    ['upstreamUrl', 'not a url', '--upstream-url is not a valid absolute URL'],
    [
      'revokeUrl',
      'https://user:pw@oauth.example.com/r',
      '--revoke-url must not contain a user name',
    ],
    [
      'authorizeUrl',
      'https://signin.example.com/a#x',
      '--authorize-url must not contain a #fragment',
    ],
  ] as const)('rejects a bad %s flag (%s) without echoing it', (name, value, message) => {
    const error = errorOf(() => resolveEndpoints({ site: 'cn', overrides: { [name]: value } }));
    expect(error.code).toBe('invalid-endpoint');
    expect(error.message).toContain(message);
    expect(error.message).not.toContain(value);
  });

  it('rejects plain http to a remote host even for a custom site', () => {
    const error = errorOf(() =>
      resolveEndpoints({
        site: 'custom',
        overrides: {
          authorizeUrl: 'http://auth.internal/a',
          tokenUrl: 'https://auth.internal/t',
          upstreamUrl: 'https://m.internal',
        },
      }),
    );
    expect(error.message).toContain('--authorize-url must use https');
  });
});

describe('endpointUrlProblem', () => {
  it.each([
    ['https://oauth.aliyun.com/v1/token', null],
    ['http://127.0.0.1:8088/x', null],
    ['http://127.255.0.9/x', null],
    ['http://[::1]:9/x', null],
    ['http://localhost:9/x', null],
    [
      'http://localhost.evil.com/x',
      'must use https (plain http is allowed only for 127.0.0.1, [::1] or localhost)',
    ],
    [
      'http://127.0.0.1.evil.com/x',
      'must use https (plain http is allowed only for 127.0.0.1, [::1] or localhost)',
    ],
    ['javascript:alert(1)', 'must be an https URL'],
  ])('%s → %s', (value, problem) => {
    expect(endpointUrlProblem(value)).toBe(problem);
  });
});

describe('applyMetadata', () => {
  const table = resolveEndpoints({ site: 'cn' });
  const metadata = {
    authorizeUrl: 'https://signin.aliyun.com/oauth2/v2/auth',
    tokenUrl: 'https://oauth.aliyun.com/v2/token',
    revokeUrl: 'https://oauth.aliyun.com/v2/revoke',
  };

  it('lets metadata win over the table', () => {
    expect(applyMetadata(table, metadata)).toEqual({ ...table, ...metadata });
  });

  it('lets explicit flags win over metadata', () => {
    const flagged = resolveEndpoints({
      site: 'cn',
      overrides: { revokeUrl: 'https://mine.example/revoke' },
    });
    expect(applyMetadata(flagged, metadata)).toEqual({
      ...flagged,
      authorizeUrl: metadata.authorizeUrl,
      tokenUrl: metadata.tokenUrl,
      revokeUrl: 'https://mine.example/revoke',
    });
  });

  it('keeps the table when there is no metadata, or only part of it', () => {
    expect(applyMetadata(table, null)).toBe(table);
    expect(applyMetadata(table, { revokeUrl: metadata.revokeUrl })).toEqual({
      ...table,
      revokeUrl: metadata.revokeUrl,
    });
  });
});
