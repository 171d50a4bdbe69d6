import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../electron/core/clients/line-diff';
import { planClientEdit } from '../../electron/core/clients/plan-edit';
import { compareEntries } from '../../electron/core/clients/status';
import { detectFormat } from '../../electron/core/clients/text-format';

const entry = { url: 'http://127.0.0.1:8088/a/mcp', headers: { 'X-MCP-Gate-Key': 'K' } };
const cursor = { rootKey: 'mcpServers' as const, allowComments: true };

function plan(text: string, options: Partial<Parameters<typeof planClientEdit>[1]> = {}) {
  const result = planClientEdit(text, { ...cursor, entries: { 'aliyun-a': entry }, ...options });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result;
}

describe('planClientEdit', () => {
  it('keeps comments, trailing commas, foreign servers and unknown keys (JSONC)', () => {
    const text = [
      '{',
      '  // my servers',
      '  "mcpServers": {',
      '    "mine": { "command": "x" }, /* keep */',
      '  },',
      '  "other": 1,',
      '}',
      '',
    ].join('\n');
    const result = plan(text);
    expect(result.changes.added).toEqual(['aliyun-a']);
    expect(result.newText).toBe(
      [
        '{',
        '  // my servers',
        '  "mcpServers": {',
        '    "mine": { "command": "x" },',
        '    "aliyun-a": {',
        '      "url": "http://127.0.0.1:8088/a/mcp",',
        '      "headers": {',
        '        "X-MCP-Gate-Key": "K"',
        '      }',
        '    }, /* keep */',
        '  },',
        '  "other": 1,',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('keeps CRLF line endings and the BOM', () => {
    const text = '\uFEFF{\r\n  "mcpServers": {}\r\n}\r\n';
    const { newText } = plan(text);
    expect(newText.startsWith('\uFEFF{\r\n')).toBe(true);
    expect(newText.endsWith('}\r\n')).toBe(true);
    expect(newText.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('keeps tab indentation', () => {
    const { newText } = plan('{\n\t"mcpServers": {\n\t\t"x": {}\n\t}\n}\n');
    expect(newText).toContain('\n\t\t"aliyun-a": {\n\t\t\t"url"');
  });

  it('creates the root object in an empty file, with a final newline', () => {
    const { newText } = plan('');
    expect(JSON.parse(newText)).toEqual({ mcpServers: { 'aliyun-a': entry } });
    expect(newText.endsWith('}\n')).toBe(true);
  });

  it('names line and column of a file that does not parse', () => {
    const result = planClientEdit('{\n  "mcpServers": {\n    "a": 1\n    "b": 2\n  }\n}\n', {
      ...cursor,
      entries: { 'aliyun-a': entry },
    });
    expect(result).toMatchObject({ ok: false, error: { line: 4, column: 5 } });
  });

  it('refuses comments and trailing commas for strict JSON clients (Cline, Claude)', () => {
    const strict = {
      rootKey: 'mcpServers' as const,
      allowComments: false,
      entries: { 'aliyun-a': entry },
    };
    expect(planClientEdit('{\n  // c\n  "mcpServers": {}\n}', strict)).toMatchObject({
      ok: false,
      error: { line: 2, column: 3, message: expect.stringContaining('comments are not allowed') },
    });
    expect(planClientEdit('{"mcpServers": {},}', strict)).toMatchObject({
      ok: false,
      error: { line: 1 },
    });
  });

  it('refuses a root that is not an object and a servers key that is not an object', () => {
    expect(planClientEdit('[1]', { ...cursor, entries: {} })).toMatchObject({ ok: false });
    expect(planClientEdit('{"mcpServers": []}', { ...cursor, entries: {} })).toMatchObject({
      ok: false,
      error: { message: '"mcpServers" must be an object' },
    });
  });

  it('updates an owned entry, leaves an equal one unchanged, and never overwrites a user entry', () => {
    const text = JSON.stringify(
      { mcpServers: { 'aliyun-a': { url: 'old' }, 'aliyun-b': { url: 'user' } } },
      null,
      2,
    );
    const result = plan(text, {
      entries: { 'aliyun-a': entry, 'aliyun-b': entry },
      owned: ['aliyun-a'],
    });
    expect(result.changes).toMatchObject({ updated: ['aliyun-a'], conflicts: ['aliyun-b'] });
    expect(JSON.parse(result.newText).mcpServers['aliyun-b']).toEqual({ url: 'user' });
    const again = plan(result.newText, { owned: ['aliyun-a'] });
    expect(again).toMatchObject({
      changed: false,
      newText: result.newText,
      changes: { unchanged: ['aliyun-a'] },
    });
  });

  it('removes exactly the aliyun-* entries MCP Gate owns', () => {
    const text = JSON.stringify(
      { mcpServers: { mine: {}, 'aliyun-ours': {}, 'aliyun-users': {}, 'not-aliyun': {} } },
      null,
      2,
    );
    const result = plan(text, {
      entries: {},
      remove: ['aliyun-ours', 'aliyun-users', 'mine', 'not-aliyun'],
      owned: ['aliyun-ours', 'mine', 'not-aliyun'],
    });
    expect(result.changes.removed).toEqual(['aliyun-ours']);
    expect(Object.keys(JSON.parse(result.newText).mcpServers)).toEqual([
      'mine',
      'aliyun-users',
      'not-aliyun',
    ]);
  });

  it('writes under "servers" for VS Code', () => {
    const result = plan('{\n  "inputs": []\n}\n', { rootKey: 'servers' });
    expect(JSON.parse(result.newText)).toEqual({ inputs: [], servers: { 'aliyun-a': entry } });
  });
});

describe('detectFormat', () => {
  it.each([
    ['{\n  "a": 1\n}\n', { bom: false, eol: '\n', insertSpaces: true, tabSize: 2 }],
    ['{\r\n    "a": 1\r\n}', { bom: false, eol: '\r\n', insertSpaces: true, tabSize: 4 }],
    ['\uFEFF{\n\t"a": 1\n}', { bom: true, eol: '\n', insertSpaces: false, tabSize: 1 }],
    ['{}', { bom: false, eol: '\n', insertSpaces: true, tabSize: 2 }],
  ])('%j', (text, expected) => {
    expect(detectFormat(text)).toEqual(expected);
  });
});

describe('unifiedDiff', () => {
  it('is empty for equal texts and shows added and removed lines', () => {
    expect(unifiedDiff('a\n', 'a\n', 'f')).toBe('');
    expect(unifiedDiff('a\nb\nc\n', 'a\nB\nc\nd\n', 'f')).toBe(
      ['--- f', '+++ f (MCP Gate)', '@@ -1,3 +1,4 @@', ' a', '-b', '+B', ' c', '+d', ''].join('\n'),
    );
  });
});

describe('compareEntries', () => {
  const expected = { 'aliyun-a': entry };
  it.each([
    [{}, [], 'not-configured', [{ name: 'aliyun-a', reason: 'missing' }]],
    [{ 'aliyun-a': entry }, [], 'configured', []],
    [
      { 'aliyun-a': { ...entry, url: 'http://127.0.0.1:9999/a/mcp' } },
      [],
      'out-of-date',
      [{ name: 'aliyun-a', reason: 'url' }],
    ],
    [
      { 'aliyun-a': { ...entry, headers: { 'X-MCP-Gate-Key': 'old' } } },
      [],
      'out-of-date',
      [{ name: 'aliyun-a', reason: 'key' }],
    ],
    [
      { 'aliyun-a': entry, 'aliyun-gone': {} },
      ['aliyun-gone'],
      'out-of-date',
      [{ name: 'aliyun-gone', reason: 'extra' }],
    ],
  ])('%j', (servers, owned, state, stale) => {
    expect(compareEntries(servers, expected, owned)).toEqual({ state, stale });
  });
});
