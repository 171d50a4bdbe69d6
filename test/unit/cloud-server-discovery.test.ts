import { describe, expect, it } from 'vitest';
import { buildServerRules } from '../../shared/server-rules';
import {
  findUnknownRuleEntries,
  knownServerOf,
  parseEndpointUrl,
  storedServerOf,
  toProxyUrls,
  type McpServerInfo,
} from '../../electron/core/cloud/server-discovery';
import { UserError } from '../../electron/core/errors';

const HOST = 'https://openapi-mcp.cn-hangzhou.aliyuncs.com';
const CUSTOM = '/accounts/1234567890/custom/demo/id/demoId0001';
const SYSTEM = '/accounts/1234567890/system/ecs/ecs-ops/id/ecsOpsId0003';

describe('parseEndpointUrl: accepted shapes', () => {
  it.each([
    [
      'custom, Streamable HTTP',
      `${HOST}${CUSTOM}/mcp`,
      {
        name: 'demo',
        id: 'demoId0001',
        product: null,
        sourceType: 'custom',
        accountId: '1234567890',
        base: CUSTOM,
      },
    ],
    [
      'custom, SSE',
      `${HOST}${CUSTOM}/sse`,
      {
        name: 'demo',
        id: 'demoId0001',
        product: null,
        sourceType: 'custom',
        accountId: '1234567890',
        base: CUSTOM,
      },
    ],
    [
      'system',
      `${HOST}${SYSTEM}/mcp`,
      {
        name: 'ecs-ops',
        id: 'ecsOpsId0003',
        product: 'ecs',
        sourceType: 'system',
        accountId: '1234567890',
        base: SYSTEM,
      },
    ],
    [
      'acs',
      `${HOST}/acs/mcp-server/ecs-helper/mcp`,
      {
        name: 'ecs-helper',
        id: null,
        product: null,
        sourceType: 'acs',
        accountId: null,
        base: '/acs/mcp-server/ecs-helper',
      },
    ],
    [
      'proxy URL',
      `http://127.0.0.1:8088${CUSTOM}/mcp`,
      {
        name: 'demo',
        id: 'demoId0001',
        product: null,
        sourceType: 'custom',
        accountId: '1234567890',
        base: CUSTOM,
      },
    ],
    [
      'query and fragment dropped',
      `${HOST}${CUSTOM}/sse?x=1#y`,
      {
        name: 'demo',
        id: 'demoId0001',
        product: null,
        sourceType: 'custom',
        accountId: '1234567890',
        base: CUSTOM,
      },
    ],
    [
      'no endpoint segment',
      `${HOST}${CUSTOM}`,
      {
        name: 'demo',
        id: 'demoId0001',
        product: null,
        sourceType: 'custom',
        accountId: '1234567890',
        base: CUSTOM,
      },
    ],
    [
      'surrounding spaces',
      `  ${HOST}${CUSTOM}/mcp \n`,
      {
        name: 'demo',
        id: 'demoId0001',
        product: null,
        sourceType: 'custom',
        accountId: '1234567890',
        base: CUSTOM,
      },
    ],
  ])('%s', (_label, url, expected) => {
    expect(parseEndpointUrl(url, 'work')).toEqual({
      name: expected.name,
      id: expected.id,
      product: expected.product,
      sourceType: expected.sourceType,
      accountId: expected.accountId,
      paths: { mcp: `${expected.base}/mcp`, sse: `${expected.base}/sse` },
      origin: 'added',
      profile: 'work',
    });
  });
});

describe('parseEndpointUrl: refused, with the expected shape in the message', () => {
  it.each([
    ['not a URL', 'demo', 'is not a URL'],
    ['other scheme', `ftp://x${CUSTOM}/mcp`, 'is not an http(s) URL'],
    ['credentials', `https://u:p@x${CUSTOM}/mcp`, 'user name or password'],
    ['unknown path', `${HOST}/v1/servers/demo`, 'is not the path of an OpenAPI MCP server'],
    ['account only', `${HOST}/accounts/1234567890`, 'is not the path of an OpenAPI MCP server'],
    ['wrong endpoint', `${HOST}${CUSTOM}/message`, 'instead of /mcp or /sse'],
    ['extra segments', `${HOST}${CUSTOM}/mcp/extra`, 'extra path segments'],
    ['encoded slash', `${HOST}/accounts/1%2F2/custom/demo/id/x/mcp`, 'unusable path'],
  ])('%s', (_label, url, why) => {
    let error: unknown;
    try {
      parseEndpointUrl(url);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('bad-endpoint-url');
    expect((error as UserError).message).toContain(why);
    expect((error as UserError).message).toContain('/accounts/<uid>/custom/<name>/id/<id>/mcp');
  });
});

describe('toProxyUrls and storedServerOf', () => {
  const info: McpServerInfo = {
    name: 'demo',
    id: 'demoId0001',
    product: 'ecs',
    sourceType: 'custom',
    urls: { mcp: `${HOST}${CUSTOM}/mcp?region=cn`, sse: `${HOST}${CUSTOM}/sse` },
  };

  it('keeps path and query, swaps scheme and host', () => {
    expect(toProxyUrls(info, 'http://127.0.0.1:8088/')).toEqual({
      mcp: `http://127.0.0.1:8088${CUSTOM}/mcp?region=cn`,
      sse: `http://127.0.0.1:8088${CUSTOM}/sse`,
    });
    expect(toProxyUrls({ urls: { mcp: null, sse: 'not a url' } }, 'http://h:1')).toEqual({
      mcp: null,
      sse: null,
    });
  });

  it('makes a stored record with the listed product and paths', () => {
    expect(storedServerOf(info, 'default')).toMatchObject({
      name: 'demo',
      id: 'demoId0001',
      product: 'ecs',
      origin: 'discovered',
      paths: { mcp: `${CUSTOM}/mcp`, sse: `${CUSTOM}/sse` },
    });
    expect(storedServerOf({ ...info, urls: { mcp: null, sse: null } }, 'default')).toBeNull();
  });
});

describe('findUnknownRuleEntries', () => {
  const servers = [
    knownServerOf(parseEndpointUrl(`${HOST}${CUSTOM}/mcp`)),
    knownServerOf(parseEndpointUrl(`${HOST}${SYSTEM}/mcp`)),
  ];

  it.each([
    ['all known (name, id, prefix)', 'demo,ecsOpsId0003,/accounts/1234567890/system', '', []],
    ['a typo in a name', 'demo,dmeo', '', [{ list: 'allowed', entry: 'dmeo' }]],
    ['unknown id in the block list', '', 'demoId9999', [{ list: 'blocked', entry: 'demoId9999' }]],
    [
      'prefix matches whole segments only',
      '/accounts/1234567890/custom/dem',
      '',
      [{ list: 'allowed', entry: '/accounts/1234567890/custom/dem' }],
    ],
    [
      'prefix of another account',
      '/accounts/999',
      '',
      [{ list: 'allowed', entry: '/accounts/999' }],
    ],
    [
      'both lists',
      'x',
      'y',
      [
        { list: 'allowed', entry: 'x' },
        { list: 'blocked', entry: 'y' },
      ],
    ],
    ['empty lists', '', '', []],
  ])('%s', (_label, allowed, blocked, expected) => {
    expect(findUnknownRuleEntries(buildServerRules(allowed, blocked), servers)).toEqual(expected);
  });

  it('reports every entry when no server is known', () => {
    expect(findUnknownRuleEntries(buildServerRules('demo', ''), [])).toEqual([
      { list: 'allowed', entry: 'demo' },
    ]);
  });
});
