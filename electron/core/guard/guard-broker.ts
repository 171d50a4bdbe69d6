import { randomUUID } from 'node:crypto';
import type { GuardAnsweredBy } from '../../../shared/activity';
import { ruleApplies, type GuardCall } from '../../../shared/guard/decide-tool-call';
import { formatArguments } from '../../../shared/guard/format-arguments';
import type { GuardAnswer, GuardQuestionView } from '../../../shared/ipc/views';
import type { GuardRule } from '../../../shared/settings';

/** A tool call held for a person: what to show, and until when it waits. */
export interface GuardQuestion {
  readonly id: string;
  /** Epoch milliseconds it was asked, and when it is denied without an answer. */
  readonly askedAt: number;
  readonly expiresAt: number;
  readonly call: GuardCall;
  /** The call's arguments as sent (shown to the person, never logged). */
  readonly arguments: unknown;
  /** The rule or preset that asks, in words. */
  readonly basis: string;
}

/**
 * Puts a question to a person (a terminal prompt, a notification and window) and resolves
 * with their answer. `signal` aborts when the question is settled elsewhere (timeout, another
 * answer, the client went away): the asker then stops showing it.
 */
export type Asker = (question: GuardQuestion, signal: AbortSignal) => Promise<GuardAnswer>;

/** What a held call ends with: the answer, and who gave it. */
export interface AskOutcome {
  readonly answer: GuardAnswer;
  readonly by: GuardAnsweredBy;
}

/** What the proxy passes when it holds a call. */
export interface AskInput {
  readonly call: GuardCall;
  readonly arguments: unknown;
  readonly basis: string;
}

/** Queues held tool calls, hands them to the asker, and settles each once: answer, timeout or abort. */
export interface GuardBroker {
  /** Holds a call until a person answers, the ask timeout denies it, or `signal` aborts. */
  ask(input: AskInput, signal: AbortSignal): Promise<AskOutcome>;
  /** The questions waiting now, oldest first (for `guard:get`). */
  pending(): readonly GuardQuestionView[];
  /** Answers a waiting question (for `guard:answer`); false when it is no longer waiting. */
  answer(id: string, answer: GuardAnswer): boolean;
  /** Called for each new question (for `guard:asked`); returns the unsubscribe function. */
  onAsked(listener: (question: GuardQuestionView) => void): () => void;
  /** Called when a question is settled or a rule was written (for `guard:changed`). */
  onChanged(listener: () => void): () => void;
  /** Denies every waiting question (shutting down). */
  close(): void;
}

/** What the broker is built from. */
export interface GuardBrokerOptions {
  /** Who is asked; null when nobody can be (no terminal, no app): every ask is denied at once. */
  readonly asker: Asker | null;
  /** How long a question waits, read at each ask (settings may change). */
  readonly timeoutMs: () => number;
  /** Writes the rule an "always allow" answer makes (into the settings file). */
  readonly remember: (rule: GuardRule) => void;
  readonly now?: () => number;
  readonly newId?: () => string;
  /** Told when remembering a rule failed (the call is still allowed once). */
  readonly onError?: (message: string) => void;
}

interface Waiting {
  readonly question: GuardQuestion;
  readonly view: GuardQuestionView;
  readonly settle: (outcome: AskOutcome) => void;
}

/** An asker for apps that answer only through `broker.answer` (e.g. a window that lists `pending()`). */
export const waitForAnswer: Asker = (_question, signal) =>
  new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(new Error('settled elsewhere')), { once: true });
  });

/** The rule an "always allow" answer writes: this tool, on this server, for this client. */
export function alwaysAllowRule(call: GuardCall): GuardRule {
  return { tool: call.tool, server: call.server, client: call.client, action: 'allow' };
}

/** A question as the app shows it: ISO times, arguments pretty-printed with long values folded. */
export function questionView(question: GuardQuestion): GuardQuestionView {
  return {
    id: question.id,
    askedAt: new Date(question.askedAt).toISOString(),
    expiresAt: new Date(question.expiresAt).toISOString(),
    client: question.call.client,
    server: question.call.server,
    tool: question.call.tool,
    arguments: formatArguments(question.arguments),
  };
}

/** Creates the broker; questions wait in order of arrival and each is settled exactly once. */
export function createGuardBroker(options: GuardBrokerOptions): GuardBroker {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? randomUUID;
  const waiting = new Map<string, Waiting>();
  const askedListeners = new Set<(question: GuardQuestionView) => void>();
  const changedListeners = new Set<() => void>();
  const changed = (): void => {
    for (const listener of changedListeners) listener();
  };

  const answer = (id: string, given: GuardAnswer): boolean => {
    const entry = waiting.get(id);
    if (entry === undefined) return false;
    if (given === 'always-allow') {
      const rule = alwaysAllowRule(entry.question.call);
      try {
        options.remember(rule);
      } catch (error) {
        options.onError?.(
          `could not save the "always allow" rule: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      entry.settle({ answer: 'always-allow', by: 'person' });
      // the new rule covers other calls waiting for the same tool, server and client
      for (const other of [...waiting.values()]) {
        if (ruleApplies(rule, other.question.call))
          other.settle({ answer: 'allow-once', by: 'person' });
      }
    } else {
      entry.settle({ answer: given, by: 'person' });
    }
    return true;
  };

  const ask = (input: AskInput, signal: AbortSignal): Promise<AskOutcome> => {
    if (options.asker === null) return Promise.resolve({ answer: 'deny', by: 'no-one' });
    if (signal.aborted) return Promise.resolve({ answer: 'deny', by: 'client-gone' });
    const asker = options.asker;
    const askedAt = now();
    const timeout = Math.max(0, options.timeoutMs());
    const question: GuardQuestion = {
      id: newId(),
      askedAt,
      expiresAt: askedAt + timeout,
      call: input.call,
      arguments: input.arguments,
      basis: input.basis,
    };
    return new Promise<AskOutcome>((resolve) => {
      const stop = new AbortController();
      const onAbort = (): void => settle({ answer: 'deny', by: 'client-gone' });
      const settle = (outcome: AskOutcome): void => {
        if (!waiting.delete(question.id)) return;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        stop.abort();
        resolve(outcome);
        changed();
      };
      const view = questionView(question);
      waiting.set(question.id, { question, view, settle });
      const timer = setTimeout(() => settle({ answer: 'deny', by: 'timeout' }), timeout);
      timer.unref();
      signal.addEventListener('abort', onAbort, { once: true });
      for (const listener of askedListeners) listener(view);
      asker(question, stop.signal).then(
        (given) => {
          if (waiting.has(question.id)) answer(question.id, given);
        },
        () => {
          // an asker that fails before the question is settled elsewhere cannot ask anyone
          if (!stop.signal.aborted) settle({ answer: 'deny', by: 'no-one' });
        },
      );
    });
  };

  return {
    ask,
    pending: () => [...waiting.values()].map((entry) => entry.view),
    answer,
    onAsked(listener) {
      askedListeners.add(listener);
      return () => askedListeners.delete(listener);
    },
    onChanged(listener) {
      changedListeners.add(listener);
      return () => changedListeners.delete(listener);
    },
    close() {
      for (const entry of [...waiting.values()]) entry.settle({ answer: 'deny', by: 'no-one' });
    },
  };
}
