import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addGuardRule, guardRuleViews, removeGuardRule } from '../../shared/guard/rule-edits';
import { formatArguments } from '../../shared/guard/format-arguments';
import { DEFAULT_SETTINGS, type GuardRule, type GuardSettings } from '../../shared/settings';
import { createGuardBroker, waitForAnswer } from '../../electron/core/guard/guard-broker';
import { createGuardControl } from '../../electron/core/guard/guard-control';
import { createGuardSettingsSource } from '../../electron/core/guard/guard-settings';
import { openSettings } from '../../electron/core/settings/settings-store';
import { parseAskTimeout, parseGuardPreset } from '../../electron/cli/config';

const rule = (
  tool: string,
  action: GuardRule['action'],
  server: string | null = null,
): GuardRule => ({
  tool,
  action,
  server,
  client: null,
});

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'guard-settings-'));
}

describe('editing rules (pure)', () => {
  const base: GuardSettings = {
    ...DEFAULT_SETTINGS.guard,
    rules: [rule('A', 'deny'), rule('B', 'ask')],
  };

  it('puts a new rule first and replaces one with the same scope', () => {
    expect(addGuardRule(base, rule('C', 'allow')).rules.map((r) => r.tool)).toEqual([
      'C',
      'A',
      'B',
    ]);
    expect(addGuardRule(base, rule('B', 'allow')).rules).toEqual([
      rule('B', 'allow'),
      rule('A', 'deny'),
    ]);
    expect(addGuardRule(base, rule('B', 'allow', 'demo')).rules).toHaveLength(3);
  });

  it.each([
    [1, { ok: true, guard: { ...base, rules: [rule('B', 'ask')] } }],
    [2, { ok: true, guard: { ...base, rules: [rule('A', 'deny')] } }],
    [
      0,
      {
        ok: false,
        message: 'There is no Guard rule 0: rules are numbered 1 to 2 (see `mcp-gate guard list`).',
      },
    ],
    [
      3,
      {
        ok: false,
        message: 'There is no Guard rule 3: rules are numbered 1 to 2 (see `mcp-gate guard list`).',
      },
    ],
    [
      1.5,
      {
        ok: false,
        message:
          'There is no Guard rule 1.5: rules are numbered 1 to 2 (see `mcp-gate guard list`).',
      },
    ],
  ])('removeGuardRule(%s)', (index, expected) => {
    expect(removeGuardRule(base, index)).toEqual(expected);
  });

  it('says when there is nothing to remove, and numbers rules from 1', () => {
    expect(removeGuardRule({ ...base, rules: [] }, 1)).toEqual({
      ok: false,
      message: 'There are no Guard rules to remove.',
    });
    expect(guardRuleViews(base.rules).map((r) => r.index)).toEqual([1, 2]);
  });
});

describe('formatArguments', () => {
  it.each([
    [{ InstanceId: 'i-1' }, '{\n  "InstanceId": "i-1"\n}'],
    [undefined, '{}'],
    [
      { UserData: 'u'.repeat(250) },
      `{\n  "UserData": "${'u'.repeat(200)}… (50 more characters)"\n}`,
    ],
    [
      { Ids: Array.from({ length: 52 }, (_, i) => i) },
      `{\n  "Ids": [\n${Array.from({ length: 50 }, (_, i) => `    ${i},`).join('\n')}\n    "… 2 more items"\n  ]\n}`,
    ],
    [
      { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } },
      '{\n  "a": {\n    "b": {\n      "c": {\n        "d": {\n          "e": {\n            "f": "{…}"\n          }\n        }\n      }\n    }\n  }\n}',
    ],
  ])('formats %j for a person', (value, expected) => {
    expect(formatArguments(value)).toBe(expected);
  });

  it('caps the whole text', () => {
    const many = Object.fromEntries(
      Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'.repeat(200)]),
    );
    const text = formatArguments(many);
    expect(text.length).toBeLessThan(8100);
    expect(text).toMatch(/\n… \(\d+ more characters\)$/);
  });
});

describe('the Guard settings a running proxy reads', () => {
  it('re-reads the file when it changed, at most once per interval, and lets the --guard flag win', () => {
    const store = openSettings(dir());
    let now = 0;
    const source = createGuardSettingsSource(store, { now: () => now, checkIntervalMs: 500 });
    const flagged = createGuardSettingsSource(store, {
      presetOverride: 'read-only',
      askTimeoutSecondsOverride: 5,
    });
    expect(source.policy()).toEqual({ preset: 'ask-before-changes', rules: [] });
    expect(source.askTimeoutMs()).toBe(60_000);
    store.update((s) => ({
      ...s,
      guard: { ...s.guard, preset: 'allow-all', rules: [rule('X', 'deny')] },
    }));
    now = 100;
    expect(source.policy().preset).toBe('ask-before-changes'); // not looked at yet
    now = 600;
    expect(source.policy()).toEqual({ preset: 'allow-all', rules: [rule('X', 'deny')] });
    flagged.reload();
    expect(flagged.policy()).toEqual({ preset: 'read-only', rules: [rule('X', 'deny')] });
    expect(flagged.askTimeoutMs()).toBe(5_000);
  });

  it('keeps the last good settings when the file goes bad, and says so once', () => {
    const store = openSettings(dir());
    const errors: string[] = [];
    const source = createGuardSettingsSource(store, {
      checkIntervalMs: 0,
      onError: (m) => void errors.push(m),
    });
    store.update((s) => ({ ...s, guard: { ...s.guard, preset: 'read-only' } }));
    expect(source.policy().preset).toBe('read-only');
    writeFileSync(store.path, JSON.stringify({ guard: { preset: 'paranoid' } }));
    expect(source.policy().preset).toBe('read-only');
    expect(source.policy().preset).toBe('read-only');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('guard.preset');
  });

  it('remembers an "always allow" rule in the file and uses it at once', () => {
    const store = openSettings(dir());
    const source = createGuardSettingsSource(store, { checkIntervalMs: 60_000 });
    source.remember(rule('Ecs-20140526-DeleteInstance', 'allow', 'demo'));
    expect(source.policy().rules).toEqual([rule('Ecs-20140526-DeleteInstance', 'allow', 'demo')]);
    const onDisk = JSON.parse(readFileSync(store.path, 'utf8')) as {
      guard: { rules: GuardRule[] };
    };
    expect(onDisk.guard.rules).toEqual([rule('Ecs-20140526-DeleteInstance', 'allow', 'demo')]);
  });
});

describe('the Guard page operations (guard:* channels)', () => {
  it('edits the settings file and returns the page state, pending questions included', async () => {
    const store = openSettings(dir());
    const broker = createGuardBroker({
      asker: waitForAnswer,
      timeoutMs: () => 60_000,
      remember: () => undefined,
    });
    let edits = 0;
    const control = createGuardControl({ settings: store, broker, onEdited: () => edits++ });
    expect(control.view()).toEqual({
      preset: 'ask-before-changes',
      rules: [],
      askTimeoutSeconds: 60,
      pending: [],
    });
    control.setPreset('read-only');
    control.addRule(rule('Ecs-*-Delete*', 'deny'));
    const view = control.setAskTimeout(30);
    expect(view).toMatchObject({
      preset: 'read-only',
      askTimeoutSeconds: 30,
      rules: [{ index: 1, tool: 'Ecs-*-Delete*', server: null, client: null, action: 'deny' }],
    });
    expect(edits).toBe(3);
    expect(() => control.addRule(rule('two words', 'deny'))).toThrow(/spaces or non-ASCII/);
    expect(() => control.removeRule(4)).toThrow(/There is no Guard rule 4/);
    expect(control.removeRule(1).rules).toEqual([]);

    const outcome = broker.ask(
      { call: { tool: 'T', server: 's', serverId: null, client: null }, arguments: {}, basis: 'b' },
      new AbortController().signal,
    );
    const [question] = control.view().pending;
    expect(question?.tool).toBe('T');
    expect(control.answer(question?.id ?? '', 'deny').pending).toEqual([]);
    expect(await outcome).toEqual({ answer: 'deny', by: 'person' });
    expect(() => control.answer(question?.id ?? '', 'deny')).toThrow(/no longer waiting/);
  });
});

describe('Guard flags', () => {
  it.each(['read-only', 'ask-before-changes', 'allow-all'])('accepts the preset %s', (name) => {
    expect(parseGuardPreset(name)).toBe(name);
  });

  it.each([
    ['paranoid', /must be one of read-only, ask-before-changes, allow-all/],
    ['', /must be one of/],
  ])('refuses the preset %j', (name, message) => {
    expect(() => parseGuardPreset(name)).toThrow(message);
  });

  it.each([
    ['60', 60],
    ['1', 1],
    ['3600', 3600],
  ])('reads --ask-timeout %s', (value, seconds) => {
    expect(parseAskTimeout(value)).toBe(seconds);
  });

  it.each(['0', '3601', '1.5', '-3', 'soon'])('refuses --ask-timeout %s', (value) => {
    expect(() => parseAskTimeout(value)).toThrow(/whole number of seconds from 1 to 3600/);
  });
});
