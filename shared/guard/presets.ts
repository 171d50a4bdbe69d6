import type { GuardAction, GuardPreset } from '../ipc/views';

/**
 * Verbs that start the action of a tool that only reads (`Ecs-20140526-DescribeInstances`).
 * Matched at the start of the action, ignoring case.
 */
export const READ_VERBS: readonly string[] = ['Describe', 'List', 'Get', 'Query', 'Check'];

/** What each preset does, in words for `guard list` and the Guard page. */
export const PRESET_DESCRIPTIONS: Readonly<Record<GuardPreset, string>> = {
  'read-only': `allow tools whose action starts with ${READ_VERBS.join(', ')}; deny every other tool`,
  'ask-before-changes': `allow tools whose action starts with ${READ_VERBS.join(', ')}; ask a person before any other tool (Create, Run, Modify, Delete, …)`,
  'allow-all': 'allow every tool (rules still apply)',
};

/**
 * The action of a tool named `<Product>-<Version>-<Action>`: the part after the last `-`
 * (the whole name when it has none).
 */
export function toolAction(tool: string): string {
  const dash = tool.lastIndexOf('-');
  return dash === -1 ? tool : tool.slice(dash + 1);
}

/** True when the tool's action starts with a read verb. */
export function isReadTool(tool: string): boolean {
  const action = toolAction(tool).toLowerCase();
  return READ_VERBS.some((verb) => action.startsWith(verb.toLowerCase()));
}

/**
 * What a preset does with a tool no rule matched. A verb nobody listed counts as a change:
 * `ask-before-changes` asks and `read-only` denies, so an unknown action never slips through.
 */
export function presetAction(preset: GuardPreset, tool: string): GuardAction {
  switch (preset) {
    case 'allow-all':
      return 'allow';
    case 'read-only':
      return isReadTool(tool) ? 'allow' : 'deny';
    case 'ask-before-changes':
      return isReadTool(tool) ? 'allow' : 'ask';
  }
}
