import { createInterface } from 'node:readline';
import { formatArguments } from '../../../shared/guard/format-arguments';
import type { GuardAnswer } from '../../../shared/ipc/views';
import type { Asker, GuardQuestion } from './guard-broker';

/** The terminal a TTY asker prompts on. */
export interface TtyAskerOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly now?: () => number;
  /** Called for Ctrl+C typed at a prompt (readline takes it from the process while asking). */
  readonly onInterrupt?: () => void;
}

/** Reads a typed answer: `a` allow once, `A` always allow, `d` deny (or the words); null to ask again. */
export function parseTtyAnswer(line: string): GuardAnswer | null {
  const text = line.trim();
  if (text === 'a' || /^allow( once)?$/i.test(text)) return 'allow-once';
  if (text === 'A' || /^always( allow)?$/i.test(text)) return 'always-allow';
  if (/^d(eny)?$/i.test(text)) return 'deny';
  return null;
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => by + line)
    .join('\n');
}

/** The question as the terminal shows it: server, tool, client, folded arguments, time left. */
export function formatTtyQuestion(question: GuardQuestion, now: number, waiting: number): string {
  const seconds = Math.max(0, Math.round((question.expiresAt - now) / 1000));
  const more = waiting > 0 ? ` (${waiting} more waiting)` : '';
  return [
    '',
    `── MCP Gate Guard: a tool call needs your approval${more} ──`,
    `  Server:    ${question.call.server ?? '(unknown)'}`,
    `  Tool:      ${question.call.tool}`,
    `  Client:    ${question.call.client ?? '(unknown client)'}`,
    `  Why asked: ${question.basis}`,
    '  Arguments:',
    indent(formatArguments(question.arguments), '    '),
    `  Denied automatically in ${seconds} s without an answer.`,
    '',
  ].join('\n');
}

const PROMPT = '  [a] allow once  [A] always allow  [d] deny > ';

/**
 * Asks on a terminal, one question at a time (the others wait their turn, never lost). A
 * question settled elsewhere (timeout, client gone) is dropped from the screen with a note.
 */
export function createTtyAsker(options: TtyAskerOptions): Asker {
  const now = options.now ?? Date.now;
  let turn: Promise<void> = Promise.resolve();
  let waiting = 0;

  const prompt = async (question: GuardQuestion, signal: AbortSignal): Promise<GuardAnswer> => {
    options.output.write(formatTtyQuestion(question, now(), waiting));
    const rl = createInterface({ input: options.input, output: options.output, terminal: true });
    const onInterrupt = options.onInterrupt;
    if (onInterrupt !== undefined) rl.on('SIGINT', onInterrupt);
    try {
      for (;;) {
        const line = await new Promise<string>((resolve, reject) => {
          rl.question(PROMPT, { signal }, resolve);
          signal.addEventListener('abort', () => reject(new Error('settled elsewhere')), {
            once: true,
          });
          rl.once('close', () => reject(new Error('the terminal closed')));
        });
        const answer = parseTtyAnswer(line);
        if (answer !== null) return answer;
        options.output.write('  Type a (allow once), A (always allow) or d (deny).\n');
      }
    } catch (error) {
      if (signal.aborted)
        options.output.write('\n  (no longer waiting: denied or answered elsewhere)\n');
      throw error;
    } finally {
      rl.close();
    }
  };

  return (question, signal) => {
    waiting++;
    const mine = turn.then(() => {
      waiting--;
      if (signal.aborted) throw new Error('settled before its turn');
      return prompt(question, signal);
    });
    turn = mine.then(
      () => undefined,
      () => undefined,
    );
    return mine;
  };
}
