import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  decideToolCall,
  describeRule,
  policyAllowsEverything,
  policyCanDeny,
  type GuardCall,
  type GuardPolicy,
} from '../../shared/guard/decide-tool-call';
import { isReadTool, presetAction, toolAction } from '../../shared/guard/presets';
import { matchToolGlob, toolGlobProblem } from '../../shared/guard/tool-glob';
import type { GuardAction, GuardPreset } from '../../shared/ipc/views';
import type { GUARD_ACTIONS, GUARD_PRESETS } from '../../shared/settings';
import { SettingsSchema, type GuardRule } from '../../shared/settings';

const rule = (
  tool: string,
  action: GuardAction,
  scope: { server?: string; client?: string } = {},
): GuardRule => ({ tool, action, server: scope.server ?? null, client: scope.client ?? null });

const call = (tool: string, extra: Partial<GuardCall> = {}): GuardCall => ({
  tool,
  server: 'demo',
  serverId: 'demoId0001',
  client: 'cursor',
  ...extra,
});

describe('matchToolGlob', () => {
  it.each([
    ['Ecs-*-Delete*', 'Ecs-20140526-DeleteInstance', true],
    ['Ecs-*-Delete*', 'Ecs-20140526-DescribeInstances', false],
    ['Ecs-*-Delete*', 'Rds-20140815-DeleteDBInstance', false],
    ['ecs-*-delete*', 'Ecs-20140526-DeleteInstance', true], // case is ignored
    ['ECS-20140526-DELETEINSTANCE', 'Ecs-20140526-DeleteInstance', true],
    ['*', 'anything-at-all', true],
    ['*', '', true],
    ['', '', true],
    ['', 'x', false],
    ['Ecs-2014052?-Start*', 'Ecs-20140526-StartInstance', true],
    ['Ecs-2014052?-Start*', 'Ecs-201405261-StartInstance', false],
    ['*Instance', 'Ecs-20140526-StartInstance', true],
    ['*Instance', 'Ecs-20140526-StartInstances', false],
    ['*-*-*', 'Ecs-20140526-StartInstance', true],
    ['*-*-*-*', 'Ecs-20140526-StartInstance', false],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['Ecs-20140526-DeleteInstance', 'Ecs-20140526-DeleteInstance', true],
    ['Ecs-20140526-DeleteInstance', 'Ecs-20140526-DeleteInstanceX', false],
    ['**', 'x', true],
  ])('%s matches %s: %s', (glob, name, expected) => {
    expect(matchToolGlob(glob, name)).toBe(expected);
  });

  it('stays fast on a pattern that makes backtracking regexes explode', () => {
    const started = performance.now();
    expect(matchToolGlob('*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it.each([
    ['Ecs-*-Delete*', null],
    ['', 'the tool pattern is empty'],
    [
      'two words',
      'the tool pattern has spaces or non-ASCII characters (tool names look like Ecs-20140526-DeleteInstance)',
    ],
    [
      'Écs-*',
      'the tool pattern has spaces or non-ASCII characters (tool names look like Ecs-20140526-DeleteInstance)',
    ],
    ['x'.repeat(257), 'the tool pattern is longer than 256 characters'],
  ])('toolGlobProblem(%j) is %j', (glob, problem) => {
    expect(toolGlobProblem(glob)).toBe(problem);
  });
});

describe('presets', () => {
  it.each([
    ['Ecs-20140526-DescribeInstances', 'Describe'],
    ['Ecs-20140526-DeleteInstance', 'DeleteInstance'],
    ['Cloud-SSO-20210515-ListUsers', 'ListUsers'],
    ['slow-stream', 'stream'],
    ['nodash', 'nodash'],
  ])('the action of %s starts with %s', (tool, action) => {
    expect(toolAction(tool).startsWith(action)).toBe(true);
  });

  it.each<[string, GuardAction, GuardAction, GuardAction]>([
    // tool, read-only, ask-before-changes, allow-all
    ['Ecs-20140526-DescribeInstances', 'allow', 'allow', 'allow'],
    ['Ecs-20140526-ListTagResources', 'allow', 'allow', 'allow'],
    ['Oss-20190517-GetBucketInfo', 'allow', 'allow', 'allow'],
    ['Bss-20171214-QueryAccountBalance', 'allow', 'allow', 'allow'],
    ['Ecs-20140526-CheckDiskEnableAutoSnapshotValidation', 'allow', 'allow', 'allow'],
    ['Ecs-20140526-DeleteInstance', 'deny', 'ask', 'allow'],
    ['Ecs-20140526-CreateInstance', 'deny', 'ask', 'allow'],
    ['Ecs-20140526-RunInstances', 'deny', 'ask', 'allow'],
    ['Ecs-20140526-ModifyInstanceAttribute', 'deny', 'ask', 'allow'],
    ['Ecs-20140526-StartInstance', 'deny', 'ask', 'allow'],
    ['Ecs-20140526-StopInstance', 'deny', 'ask', 'allow'],
    ['Ecs-20140526-RebootInstance', 'deny', 'ask', 'allow'],
    ['Vpc-20160428-ReleaseEipAddress', 'deny', 'ask', 'allow'],
    ['Ecs-20140526-RemoveTags', 'deny', 'ask', 'allow'],
    ['Ecs-20140526-UpdateX', 'deny', 'ask', 'allow'],
    // a verb nobody listed counts as a change
    ['Ecs-20140526-AuthorizeSecurityGroup', 'deny', 'ask', 'allow'],
    ['slow-stream', 'deny', 'ask', 'allow'],
    // read verbs match the start of the action, ignoring case
    ['Ecs-20140526-describeinstances', 'allow', 'allow', 'allow'],
    ['Ecs-20140526-Descr', 'deny', 'ask', 'allow'],
  ])('%s: read-only %s, ask-before-changes %s, allow-all %s', (tool, ro, abc, all) => {
    expect(presetAction('read-only', tool)).toBe(ro);
    expect(presetAction('ask-before-changes', tool)).toBe(abc);
    expect(presetAction('allow-all', tool)).toBe(all);
    expect(isReadTool(tool)).toBe(ro === 'allow');
  });
});

describe('decideToolCall', () => {
  const rules: readonly GuardRule[] = [
    rule('Ecs-20140526-DeleteInstance', 'allow', { server: 'demo', client: 'cursor' }),
    rule('Ecs-*-Delete*', 'deny'),
    rule('Ecs-*-Start*', 'allow', { server: 'otherId0002' }),
    rule('Rds-*', 'ask', { client: 'cline' }),
  ];
  const policy = (preset: GuardPreset): GuardPolicy => ({ preset, rules });

  it.each<[string, GuardCall, GuardPreset, GuardAction, number | null, string]>([
    [
      'the first matching rule wins',
      call('Ecs-20140526-DeleteInstance'),
      'allow-all',
      'allow',
      1,
      'rule 1: allow Ecs-20140526-DeleteInstance (server demo, client cursor)',
    ],
    [
      'another client falls to the next rule',
      call('Ecs-20140526-DeleteInstance', { client: 'cline' }),
      'allow-all',
      'deny',
      2,
      'rule 2: deny Ecs-*-Delete*',
    ],
    [
      'an anonymous client never matches a client rule',
      call('Ecs-20140526-DeleteInstance', { client: null }),
      'allow-all',
      'deny',
      2,
      'rule 2: deny Ecs-*-Delete*',
    ],
    [
      'another server falls to the next rule',
      call('Ecs-20140526-DeleteInstance', { server: 'other', serverId: 'otherId0002' }),
      'allow-all',
      'deny',
      2,
      'rule 2: deny Ecs-*-Delete*',
    ],
    [
      'a server rule matches the server id too',
      call('Ecs-20140526-StartInstance', { server: 'other', serverId: 'otherId0002' }),
      'read-only',
      'allow',
      3,
      'rule 3: allow Ecs-*-Start* (server otherId0002)',
    ],
    [
      'without a match on the server the preset decides',
      call('Ecs-20140526-StartInstance'),
      'read-only',
      'deny',
      null,
      'preset read-only',
    ],
    [
      'a path without a server never matches a server rule',
      call('Ecs-20140526-StartInstance', { server: null, serverId: null }),
      'ask-before-changes',
      'ask',
      null,
      'preset ask-before-changes',
    ],
    [
      'ask rules',
      call('Rds-20140815-DescribeDBInstances', { client: 'cline' }),
      'allow-all',
      'ask',
      4,
      'rule 4: ask Rds-* (client cline)',
    ],
    [
      'the preset when nothing matches',
      call('Ecs-20140526-DescribeInstances'),
      'read-only',
      'allow',
      null,
      'preset read-only',
    ],
  ])('%s', (_name, c, preset, action, ruleIndex, basis) => {
    expect(decideToolCall(c, policy(preset))).toEqual({ action, ruleIndex, basis });
  });

  it.each<[GuardPolicy, boolean]>([
    [{ preset: 'allow-all', rules: [] }, true],
    [{ preset: 'allow-all', rules: [rule('*', 'allow')] }, true],
    [{ preset: 'allow-all', rules: [rule('Ecs-*-Delete*', 'deny')] }, false],
    [{ preset: 'allow-all', rules: [rule('x', 'ask')] }, false],
    [{ preset: 'read-only', rules: [] }, false],
    [{ preset: 'ask-before-changes', rules: [rule('*', 'allow')] }, false],
  ])('policyAllowsEverything(%j) is %s (nothing to inspect)', (p, expected) => {
    expect(policyAllowsEverything(p)).toBe(expected);
  });

  it.each<[GuardPolicy, boolean]>([
    [{ preset: 'allow-all', rules: [] }, false],
    [{ preset: 'ask-before-changes', rules: [] }, false],
    [{ preset: 'ask-before-changes', rules: [rule('x', 'ask'), rule('*', 'allow')] }, false],
    [{ preset: 'read-only', rules: [] }, true],
    [{ preset: 'read-only', rules: [rule('*', 'allow')] }, true],
    [{ preset: 'allow-all', rules: [rule('Ecs-*-Delete*', 'deny')] }, true],
    [{ preset: 'ask-before-changes', rules: [rule('x', 'allow'), rule('y', 'deny')] }, true],
  ])('policyCanDeny(%j) is %s (a tools list can lose tools)', (p, expected) => {
    expect(policyCanDeny(p)).toBe(expected);
  });

  it('describes rules in words', () => {
    expect(describeRule(rule('Ecs-*', 'deny'), 3)).toBe('rule 3: deny Ecs-*');
  });
});

describe('the Guard settings and the desktop contract agree', () => {
  it('has the same presets and actions as the views', () => {
    expectTypeOf<(typeof GUARD_PRESETS)[number]>().toEqualTypeOf<GuardPreset>();
    expectTypeOf<(typeof GUARD_ACTIONS)[number]>().toEqualTypeOf<GuardAction>();
  });

  it('defaults to ask-before-changes, 60 s, no rules, and old files without a guard section still parse', () => {
    expect(SettingsSchema.parse({ proxy: { port: 9000 } }).guard).toEqual({
      preset: 'ask-before-changes',
      rules: [],
      askTimeoutSeconds: 60,
    });
    expect(
      SettingsSchema.parse({ guard: { rules: [{ tool: 'Ecs-*', action: 'deny' }] } }).guard.rules,
    ).toEqual([{ tool: 'Ecs-*', server: null, client: null, action: 'deny' }]);
    expect(SettingsSchema.safeParse({ guard: { preset: 'paranoid' } }).success).toBe(false);
  });
});
