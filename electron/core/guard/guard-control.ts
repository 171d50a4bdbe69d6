import { addGuardRule, guardRuleViews, removeGuardRule } from '../../../shared/guard/rule-edits';
import { toolGlobProblem } from '../../../shared/guard/tool-glob';
import type { GuardAnswer, GuardPreset, GuardView } from '../../../shared/ipc/views';
import type { GuardRule, GuardSettings } from '../../../shared/settings';
import { UserError } from '../errors';
import type { SettingsStore } from '../settings/settings-store';
import type { GuardBroker } from './guard-broker';
import type { GuardSettingsSource } from './guard-settings';

/** The Guard page's operations (the `guard:*` channels), each returning the page's new state. */
export interface GuardControl {
  view(): GuardView;
  setPreset(preset: GuardPreset): GuardView;
  addRule(rule: GuardRule): GuardView;
  removeRule(index: number): GuardView;
  setAskTimeout(seconds: number): GuardView;
  /** Answers a held call; a UserError when it is no longer waiting. */
  answer(id: string, answer: GuardAnswer): GuardView;
}

/** What the control works on: the settings file, the broker, and the running proxy's source (re-read after each edit). */
export interface GuardControlOptions {
  readonly settings: SettingsStore;
  readonly broker: GuardBroker;
  readonly source?: GuardSettingsSource;
  /** Told after each edit of the rules, preset or timeout (for `guard:changed`). */
  readonly onEdited?: () => void;
}

/** The Guard page's state: preset, numbered rules, ask timeout and the calls waiting for a person. */
export function guardView(guard: GuardSettings, broker: Pick<GuardBroker, 'pending'>): GuardView {
  return {
    preset: guard.preset,
    rules: guardRuleViews(guard.rules),
    askTimeoutSeconds: guard.askTimeoutSeconds,
    pending: broker.pending(),
  };
}

/** Builds the operations behind the app's Guard page over the shared settings file. */
export function createGuardControl(options: GuardControlOptions): GuardControl {
  const { settings, broker } = options;
  const view = (): GuardView => guardView(settings.read().guard, broker);
  const edit = (change: (guard: GuardSettings) => GuardSettings): GuardView => {
    settings.update((current) => ({ ...current, guard: change(current.guard) }));
    options.source?.reload();
    options.onEdited?.();
    return view();
  };
  return {
    view,
    setPreset: (preset) => edit((guard) => ({ ...guard, preset })),
    addRule(rule) {
      const problem = toolGlobProblem(rule.tool);
      if (problem !== null)
        throw new UserError('guard-bad-rule', `Cannot add the rule: ${problem}.`);
      return edit((guard) => addGuardRule(guard, rule));
    },
    removeRule: (index) =>
      edit((guard) => {
        const result = removeGuardRule(guard, index);
        if (!result.ok) throw new UserError('guard-no-such-rule', result.message);
        return result.guard;
      }),
    setAskTimeout: (seconds) => edit((guard) => ({ ...guard, askTimeoutSeconds: seconds })),
    answer(id, answer) {
      if (!broker.answer(id, answer)) {
        throw new UserError(
          'guard-question-gone',
          'That tool call is no longer waiting: it was answered, timed out, or its client went away.',
        );
      }
      return view();
    },
  };
}
