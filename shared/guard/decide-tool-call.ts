import type { GuardAction, GuardPreset } from '../ipc/views';
import type { GuardRule } from '../settings';
import { presetAction } from './presets';
import { matchToolGlob } from './tool-glob';

/** The rules and preset in force (rules first, first match wins, then the preset). */
export interface GuardPolicy {
  readonly preset: GuardPreset;
  readonly rules: readonly GuardRule[];
}

/** A tool call as the Guard sees it: the tool, the server it goes to, the client that sent it. */
export interface GuardCall {
  readonly tool: string;
  /** Server name and id read from the request path; null when the path names none. */
  readonly server: string | null;
  readonly serverId: string | null;
  /** The configured client whose key the request carried; null when anonymous. */
  readonly client: string | null;
}

/** What the Guard does with a call, and why. */
export interface GuardVerdict {
  readonly action: GuardAction;
  /** 1-based position of the rule that matched, or null when the preset decided. */
  readonly ruleIndex: number | null;
  /** The deciding rule or preset in words, e.g. `rule 2: deny Ecs-*-Delete* (server demo)`. */
  readonly basis: string;
}

/** A policy that lets everything through: nothing to inspect. */
export const ALLOW_ALL_POLICY: GuardPolicy = { preset: 'allow-all', rules: [] };

/** True when the rule applies to the call: tool glob, and server (name or id) and client when set. */
export function ruleApplies(rule: GuardRule, call: GuardCall): boolean {
  if (rule.server !== null && rule.server !== call.server && rule.server !== call.serverId) {
    return false;
  }
  if (rule.client !== null && rule.client !== call.client) return false;
  return matchToolGlob(rule.tool, call.tool);
}

/** A rule in words, as `guard list` prints it and activity records it. */
export function describeRule(rule: GuardRule, index: number): string {
  const scope = [
    rule.server === null ? null : `server ${rule.server}`,
    rule.client === null ? null : `client ${rule.client}`,
  ].filter((part): part is string => part !== null);
  return `rule ${index}: ${rule.action} ${rule.tool}${scope.length === 0 ? '' : ` (${scope.join(', ')})`}`;
}

/** Decides one tool call: the first matching rule wins, else the preset. */
export function decideToolCall(call: GuardCall, policy: GuardPolicy): GuardVerdict {
  const index = policy.rules.findIndex((rule) => ruleApplies(rule, call));
  const rule = policy.rules[index];
  if (rule !== undefined) {
    return { action: rule.action, ruleIndex: index + 1, basis: describeRule(rule, index + 1) };
  }
  return {
    action: presetAction(policy.preset, call.tool),
    ruleIndex: null,
    basis: `preset ${policy.preset}`,
  };
}

/**
 * True when the policy can deny some call (preset `read-only`, or a rule that denies): only then
 * can a tools list lose tools, so only then is a `tools/list` answer parsed and rewritten.
 */
export function policyCanDeny(policy: GuardPolicy): boolean {
  return policy.preset === 'read-only' || policy.rules.some((rule) => rule.action === 'deny');
}

/**
 * True when the policy can only ever allow (preset `allow-all`, no rule that denies or asks):
 * the proxy then skips reading bodies altogether.
 */
export function policyAllowsEverything(policy: GuardPolicy): boolean {
  return policy.preset === 'allow-all' && policy.rules.every((rule) => rule.action === 'allow');
}
