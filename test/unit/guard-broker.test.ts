import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GuardCall } from '../../shared/guard/decide-tool-call';
import type { GuardAnswer, GuardQuestionView } from '../../shared/ipc/views';
import type { GuardRule } from '../../shared/settings';
import {
  createGuardBroker,
  waitForAnswer,
  type Asker,
  type AskOutcome,
  type GuardBrokerOptions,
} from '../../electron/core/guard/guard-broker';

const call = (
  tool = 'Ecs-20140526-DeleteInstance',
  client: string | null = 'cursor',
): GuardCall => ({
  tool,
  server: 'demo',
  serverId: 'demoId0001',
  client,
});
const input = (c = call()) => ({
  call: c,
  arguments: { InstanceId: 'i-1' },
  basis: 'preset ask-before-changes',
});

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

function broker(options: Partial<GuardBrokerOptions> = {}) {
  const remembered: GuardRule[] = [];
  let n = 0;
  const b = createGuardBroker({
    asker: waitForAnswer,
    timeoutMs: () => 60_000,
    remember: (rule) => void remembered.push(rule),
    newId: () => `q${++n}`,
    ...options,
  });
  return { b, remembered };
}

describe('the Guard broker', () => {
  it('denies at once, asking nobody, when there is no asker', async () => {
    const { b } = broker({ asker: null });
    expect(await b.ask(input(), new AbortController().signal)).toEqual({
      answer: 'deny',
      by: 'no-one',
    });
    expect(b.pending()).toEqual([]);
  });

  it('shows a waiting question with times and folded arguments, and announces it', async () => {
    const { b } = broker();
    const asked: GuardQuestionView[] = [];
    b.onAsked((q) => void asked.push(q));
    const outcome = b.ask(input(), new AbortController().signal);
    const view: GuardQuestionView = {
      id: 'q1',
      askedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-01-01T00:01:00.000Z',
      client: 'cursor',
      server: 'demo',
      tool: 'Ecs-20140526-DeleteInstance',
      arguments: '{\n  "InstanceId": "i-1"\n}',
    };
    expect(b.pending()).toEqual([view]);
    expect(asked).toEqual([view]);
    expect(b.answer('q1', 'allow-once')).toBe(true);
    expect(await outcome).toEqual({ answer: 'allow-once', by: 'person' });
  });

  it('denies when the timeout passes, and tells listeners', async () => {
    const { b } = broker({ timeoutMs: () => 5_000 });
    let changes = 0;
    b.onChanged(() => changes++);
    const outcome = b.ask(input(), new AbortController().signal);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(b.pending()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toEqual({ answer: 'deny', by: 'timeout' });
    expect(b.pending()).toEqual([]);
    expect(changes).toBe(1);
    expect(b.answer('q1', 'allow-once')).toBe(false); // too late
  });

  it('queues several questions in order and settles each exactly once', async () => {
    const { b } = broker();
    const outcomes = [
      b.ask(input(), new AbortController().signal),
      b.ask(input(call('Ecs-20140526-StartInstance')), new AbortController().signal),
    ];
    expect(b.pending().map((q) => [q.id, q.tool])).toEqual([
      ['q1', 'Ecs-20140526-DeleteInstance'],
      ['q2', 'Ecs-20140526-StartInstance'],
    ]);
    b.answer('q2', 'deny');
    b.answer('q2', 'allow-once');
    b.answer('q1', 'allow-once');
    expect(await Promise.all(outcomes)).toEqual([
      { answer: 'allow-once', by: 'person' },
      { answer: 'deny', by: 'person' },
    ]);
  });

  it('"always allow" writes a rule for this tool, server and client, and lets matching waiting calls through', async () => {
    const { b, remembered } = broker();
    const signal = new AbortController().signal;
    const first = b.ask(input(), signal);
    const same = b.ask(input(), signal);
    const otherClient = b.ask(input(call(undefined, 'cline')), signal);
    b.answer('q1', 'always-allow');
    expect(remembered).toEqual([
      { tool: 'Ecs-20140526-DeleteInstance', server: 'demo', client: 'cursor', action: 'allow' },
    ]);
    expect(await first).toEqual({ answer: 'always-allow', by: 'person' });
    expect(await same).toEqual({ answer: 'allow-once', by: 'person' });
    expect(b.pending().map((q) => q.id)).toEqual(['q3']);
    b.close();
    expect(await otherClient).toEqual({ answer: 'deny', by: 'no-one' });
  });

  it('still allows once when the rule cannot be saved, and says so', async () => {
    const errors: string[] = [];
    const { b } = broker({
      remember: () => {
        throw new Error('disk full');
      },
      onError: (m) => void errors.push(m),
    });
    const outcome = b.ask(input(), new AbortController().signal);
    b.answer('q1', 'always-allow');
    expect(await outcome).toEqual({ answer: 'always-allow', by: 'person' });
    expect(errors).toEqual(['could not save the "always allow" rule: disk full']);
  });

  it('drops a question when its client goes away, and stops the asker', async () => {
    let askerSignal: AbortSignal | undefined;
    const asker: Asker = (_q, signal) => {
      askerSignal = signal;
      return new Promise<GuardAnswer>(() => undefined);
    };
    const { b } = broker({ asker });
    const client = new AbortController();
    const outcome = b.ask(input(), client.signal);
    client.abort();
    expect(await outcome).toEqual({ answer: 'deny', by: 'client-gone' });
    expect(askerSignal?.aborted).toBe(true);
    expect(b.pending()).toEqual([]);
    const gone = new AbortController();
    gone.abort();
    expect(await b.ask(input(), gone.signal)).toEqual({ answer: 'deny', by: 'client-gone' });
  });

  it("takes the asker's answer, and denies when the asker fails (nobody can answer)", async () => {
    const answering = broker({ asker: () => Promise.resolve('allow-once') }).b;
    expect(await answering.ask(input(), new AbortController().signal)).toEqual({
      answer: 'allow-once',
      by: 'person',
    });
    const failing = broker({ asker: () => Promise.reject(new Error('terminal closed')) }).b;
    const outcome: AskOutcome = await failing.ask(input(), new AbortController().signal);
    expect(outcome).toEqual({ answer: 'deny', by: 'no-one' });
  });
});
