import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../shared/activity';
import type { GuardQuestion } from '../../electron/core/guard/guard-broker';
import {
  createTtyAsker,
  formatTtyQuestion,
  parseTtyAnswer,
} from '../../electron/core/guard/tty-asker';
import { activityHeader, activityRow, decisionText } from '../../electron/cli/commands/activity';
import { formatGuard } from '../../electron/cli/commands/guard';
import { DEFAULT_SETTINGS } from '../../shared/settings';

const question = (id: string, tool = 'Ecs-20140526-DeleteInstance'): GuardQuestion => ({
  id,
  askedAt: 0,
  expiresAt: 60_000,
  call: { tool, server: 'demo', serverId: 'demoId0001', client: 'cursor' },
  arguments: { InstanceId: 'i-1', UserData: 'u'.repeat(300) },
  basis: 'preset ask-before-changes',
});

describe('answers typed on the terminal', () => {
  it.each([
    ['a', 'allow-once'],
    [' a ', 'allow-once'],
    ['allow', 'allow-once'],
    ['allow once', 'allow-once'],
    ['A', 'always-allow'],
    ['always', 'always-allow'],
    ['Always allow', 'always-allow'],
    ['d', 'deny'],
    ['D', 'deny'],
    ['deny', 'deny'],
    ['', null],
    ['yes', null],
    ['aa', null],
  ])('%j means %s', (line, answer) => {
    expect(parseTtyAnswer(line)).toBe(answer);
  });

  it('shows server, tool, client, why, the folded arguments and the time left', () => {
    const text = formatTtyQuestion(question('q1'), 15_000, 2);
    expect(text).toContain('a tool call needs your approval (2 more waiting)');
    expect(text).toContain(
      '  Server:    demo\n  Tool:      Ecs-20140526-DeleteInstance\n  Client:    cursor',
    );
    expect(text).toContain('  Why asked: preset ask-before-changes');
    expect(text).toContain('      "InstanceId": "i-1",');
    expect(text).toContain('… (100 more characters)');
    expect(text).toContain('Denied automatically in 45 s without an answer.');
  });
});

describe('the terminal asker', () => {
  function terminal() {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk: Buffer) => {
      shown += chunk.toString();
    });
    const asker = createTtyAsker({ input, output, now: () => 0 });
    return { input, asker, shown: () => shown };
  }

  const waitFor = async (check: () => boolean): Promise<void> => {
    while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it('asks one question at a time, re-asks on a typo, and moves on to the next', async () => {
    const { input, asker, shown } = terminal();
    const first = asker(question('q1'), new AbortController().signal);
    const second = asker(
      question('q2', 'Ecs-20140526-StartInstance'),
      new AbortController().signal,
    );
    await waitFor(() => shown().includes('allow once'));
    expect(shown()).not.toContain('Ecs-20140526-StartInstance');
    input.write('maybe\n');
    await waitFor(() => shown().includes('Type a (allow once)'));
    input.write('A\n');
    expect(await first).toBe('always-allow');
    await waitFor(() => shown().includes('Ecs-20140526-StartInstance'));
    input.write('d\n');
    expect(await second).toBe('deny');
  });

  it('drops a question settled elsewhere, on screen and in the queue', async () => {
    const { input, asker, shown } = terminal();
    const timedOut = new AbortController();
    const first = asker(question('q1'), timedOut.signal);
    const queuedGone = new AbortController();
    const second = asker(question('q2'), queuedGone.signal);
    const third = asker(
      question('q3', 'Ecs-20140526-RebootInstance'),
      new AbortController().signal,
    );
    await waitFor(() => shown().includes('allow once'));
    queuedGone.abort();
    timedOut.abort();
    await expect(first).rejects.toThrow();
    await expect(second).rejects.toThrow();
    expect(shown()).toContain('(no longer waiting: denied or answered elsewhere)');
    await waitFor(() => shown().includes('Ecs-20140526-RebootInstance'));
    input.write('a\n');
    expect(await third).toBe('allow-once');
  });
});

describe('the activity table', () => {
  const entry: ActivityEntry = {
    time: '2026-01-02T03:04:05.000Z',
    client: null,
    account: null,
    server: 'demo',
    serverId: null,
    method: 'POST',
    path: '/x',
    rpcMethod: 'tools/call',
    tool: 'Ecs-20140526-DeleteInstance-With-A-Very-Long-Name-Indeed',
    status: 200,
    durationMs: 1234,
    bytesIn: 0,
    bytesOut: 0,
    outcome: 'blocked',
    reason: 'r',
  };

  it.each([
    [{}, 'blocked'],
    [{ outcome: 'ok' as const }, ''],
    [{ decision: 'deny' as const, answeredBy: 'policy' as const }, 'deny'],
    [{ decision: 'ask-allowed' as const, answeredBy: 'person' as const }, 'ask-allowed (person)'],
    [{ decision: 'ask-denied' as const, answeredBy: 'timeout' as const }, 'ask-denied (timeout)'],
    [{ decision: null }, 'blocked'],
  ])('decision column of %j is %j', (extra, text) => {
    expect(decisionText({ ...entry, ...extra })).toBe(text);
  });

  it('lines up rows under the header and folds long values', () => {
    const row = activityRow({ ...entry, decision: 'deny', answeredBy: 'policy' });
    expect(activityHeader().indexOf('TOOL')).toBe(row.indexOf('Ecs-'));
    expect(row).toContain('Ecs-20140526-DeleteInstance-With-…');
    expect(row).toMatch(/-\s+demo\s+tools\/call/);
    expect(row).toMatch(/200\s+deny\s+1234 ms\n$/);
  });

  it('prints the Guard settings in words', () => {
    expect(formatGuard(DEFAULT_SETTINGS.guard)).toBe(
      'Preset:      ask-before-changes: allow tools whose action starts with Describe, List, Get, Query, Check; ask a person before any other tool (Create, Run, Modify, Delete, …)\n' +
        'Ask timeout: 60 s (then the call is denied)\n' +
        'Rules:       none (add one with `mcp-gate guard allow|deny|ask <tool-glob>`)\n',
    );
  });
});
