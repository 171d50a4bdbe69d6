import type { GuardRuleView } from '../ipc/views';
import type { GuardRule, GuardSettings } from '../settings';

/** The result of an edit: the new Guard settings, or why the edit cannot be made. */
export type GuardEdit =
  | { readonly ok: true; readonly guard: GuardSettings }
  | { readonly ok: false; readonly message: string };

function sameScope(a: GuardRule, b: GuardRule): boolean {
  return a.tool === b.tool && a.server === b.server && a.client === b.client;
}

/**
 * Puts a rule first (the newest rule wins, so `guard allow X` after `guard deny Ecs-*` works)
 * and drops an older rule with the same tool, server and client.
 */
export function addGuardRule(guard: GuardSettings, rule: GuardRule): GuardSettings {
  return { ...guard, rules: [rule, ...guard.rules.filter((r) => !sameScope(r, rule))] };
}

/** Removes the rule at 1-based `index`, or says which numbers exist. */
export function removeGuardRule(guard: GuardSettings, index: number): GuardEdit {
  if (!Number.isInteger(index) || index < 1 || index > guard.rules.length) {
    return {
      ok: false,
      message:
        guard.rules.length === 0
          ? 'There are no Guard rules to remove.'
          : `There is no Guard rule ${index}: rules are numbered 1 to ${guard.rules.length} (see \`mcp-gate guard list\`).`,
    };
  }
  return { ok: true, guard: { ...guard, rules: guard.rules.filter((_, i) => i !== index - 1) } };
}

/** The rules as the Guard page and `guard list` number them (1-based, in order). */
export function guardRuleViews(rules: readonly GuardRule[]): GuardRuleView[] {
  return rules.map((rule, i) => ({
    index: i + 1,
    tool: rule.tool,
    server: rule.server,
    client: rule.client,
    action: rule.action,
  }));
}
