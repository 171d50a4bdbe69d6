import { describe, expect, it } from 'vitest';
import {
  buildServerRules,
  decideServerAccess,
  normalizeRequestPath,
  parseRuleList,
  parseServerPath,
} from '../../shared/server-rules';

const CUSTOM = '/accounts/123/custom/server1/id/abc1/mcp';
const SYSTEM = '/accounts/123/system/ecs/ecs-ops/id/sys9/sse';

function segmentsOf(path: string): readonly string[] {
  const n = normalizeRequestPath(path);
  if (!n.ok) throw new Error(n.reason);
  return n.segments;
}

describe('normalizeRequestPath', () => {
  it.each([
    ['/a/b/mcp', '/a/b/mcp', ''],
    ['/a//b///mcp?x=1', '/a/b/mcp', '?x=1'],
    ['//accounts/1/custom/s/id/i/mcp', '/accounts/1/custom/s/id/i/mcp', ''],
    ['/', '/', ''],
    ['/health/', '/health/', ''],
    ['/a/%73erver/mcp', '/a/%73erver/mcp', ''],
  ])('keeps %s as %s', (input, path, search) => {
    const n = normalizeRequestPath(input);
    expect(n).toMatchObject({ ok: true, path, search });
  });

  it.each([
    ['/accounts/../x', 'dot segments'],
    ['/accounts/%2e%2e/x', 'dot segments'],
    ['/accounts/%2E%2e/x', 'dot segments'],
    ['/accounts/./x', 'dot segments'],
    ['/accounts%2Fother/x', 'slashes'],
    ['/accounts%2fother/x', 'slashes'],
    ['/accounts%5cother', 'slashes'],
    ['/a\\b', 'slashes'],
    ['/a/%zz', 'percent-encoding'],
    ['/a/%00b', 'control'],
    ['http://evil.example.com/a', 'must be a path'],
    ['*', 'must be a path'],
  ])('refuses %s', (input, why) => {
    const n = normalizeRequestPath(input);
    expect(n.ok).toBe(false);
    expect(n.ok ? '' : n.reason).toContain(why);
  });
});

describe('parseServerPath', () => {
  it('reads custom, system and acs shapes', () => {
    expect(parseServerPath(segmentsOf(CUSTOM))).toMatchObject({
      account: '123',
      name: 'server1',
      id: 'abc1',
      sourceType: 'custom',
      endpoint: 'mcp',
    });
    expect(parseServerPath(segmentsOf(SYSTEM))).toMatchObject({
      account: '123',
      product: 'ecs',
      name: 'ecs-ops',
      id: 'sys9',
      sourceType: 'system',
      endpoint: 'sse',
    });
    expect(parseServerPath(segmentsOf('/acs/mcp-server/ecs/mcp'))).toMatchObject({
      name: 'ecs',
      id: null,
      sourceType: 'acs',
    });
    expect(parseServerPath(segmentsOf('/apimcpservers'))).toMatchObject({ name: null, id: null });
  });
});

describe('parseRuleList', () => {
  it('splits, trims, drops empties and turns a bare word into name and id rules', () => {
    expect(parseRuleList(' ram, /x/server1/ ,,')).toEqual([
      { kind: 'name', value: 'ram' },
      { kind: 'id', value: 'ram' },
      { kind: 'prefix', value: '/x/server1/', segments: ['x', 'server1'] },
    ]);
    expect(parseRuleList(undefined)).toEqual([]);
  });
});

describe('decideServerAccess', () => {
  const table: readonly [string, string | undefined, string | undefined, string][] = [
    // path, allowed, blocked, expected
    [CUSTOM, undefined, undefined, 'allowed'],
    [CUSTOM, 'server1', undefined, 'allowed'],
    [CUSTOM, 'abc1', undefined, 'allowed'],
    [CUSTOM, 'server2', undefined, 'not-allowed'],
    [CUSTOM, 'server1', 'server1', 'blocked:server1'],
    [CUSTOM, undefined, 'abc1', 'blocked:abc1'],
    [CUSTOM, undefined, '/accounts/123/custom/server1', 'blocked:/accounts/123/custom/server1'],
    // whole segments: /x/server1 must not match /x/server10
    [
      '/accounts/123/custom/server10/id/z/mcp',
      undefined,
      '/accounts/123/custom/server1',
      'allowed',
    ],
    [
      '/accounts/123/custom/server10/id/z/mcp',
      '/accounts/123/custom/server1',
      undefined,
      'not-allowed',
    ],
    // names are exact, not substrings
    ['/accounts/123/custom/server10/id/z/mcp', undefined, 'server1', 'allowed'],
    [SYSTEM, 'ecs-ops', undefined, 'allowed'],
    [SYSTEM, 'ecs', undefined, 'not-allowed'],
    ['/acs/mcp-server/ecs/mcp', 'ecs,oss', undefined, 'allowed'],
    ['/acs/mcp-server/ram/mcp', 'ecs,oss', 'ram', 'blocked:ram'],
    ['/acs/mcp-server/ecs/sse', '/acs/mcp-server/ecs', undefined, 'allowed'],
    // double slashes normalise before matching, so they cannot dodge a block
    ['//accounts/123//custom/server1/id/abc1/mcp', undefined, 'server1', 'blocked:server1'],
    ['/accounts/123/custom/%73erver1/id/abc1/mcp', undefined, 'server1', 'blocked:server1'],
    ['/apimcpservers', 'server1', undefined, 'not-allowed'],
  ];
  it.each(table)('%s allowed=%s blocked=%s → %s', (path, allowed, blocked, expected) => {
    const d = decideServerAccess(segmentsOf(path), buildServerRules(allowed, blocked));
    const got = d.allowed ? 'allowed' : d.list === 'blocked' ? `blocked:${d.rule}` : d.list;
    expect(got).toBe(expected);
  });
});
