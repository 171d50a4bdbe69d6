import { CLIENT_IDS } from '../../../shared/clients';
import { PRESET_DESCRIPTIONS } from '../../../shared/guard/presets';
import { addGuardRule, guardRuleViews, removeGuardRule } from '../../../shared/guard/rule-edits';
import { toolGlobProblem } from '../../../shared/guard/tool-glob';
import type { GuardAction, GuardRuleView } from '../../../shared/ipc/views';
import type { GuardRule, GuardSettings, Settings } from '../../../shared/settings';
import { UserError } from '../../core/errors';
import { parseAskTimeout, parseGuardPreset, type CommonFlags } from '../config';
import { openContext, type CliContext } from '../context';

/** Flags of the `guard` commands. */
export type GuardFlags = CommonFlags & {
  readonly json?: boolean;
  readonly server?: string;
  readonly client?: string;
};

/** Where the commands write; tests replace it. */
export interface GuardDeps {
  readonly write?: (text: string) => void;
}

const RUNNING = 'A running proxy picks the change up within a second.';

function writer(deps: GuardDeps): (text: string) => void {
  return deps.write ?? ((text: string) => void process.stdout.write(text));
}

function updateGuard(
  context: CliContext,
  change: (guard: GuardSettings, settings: Settings) => GuardSettings,
): GuardSettings {
  return context.settings.update((current) => ({
    ...current,
    guard: change(current.guard, current),
  })).guard;
}

function ruleLine(rule: GuardRuleView): string {
  const scope = [
    rule.server === null ? 'any server' : `server ${rule.server}`,
    rule.client === null ? 'any client' : `client ${rule.client}`,
  ].join(', ');
  return `  ${String(rule.index).padStart(3)}  ${rule.action.padEnd(5)}  ${rule.tool}  (${scope})`;
}

/** The Guard settings in words, as `guard list` prints them. */
export function formatGuard(guard: GuardSettings): string {
  const lines = [
    `Preset:      ${guard.preset}: ${PRESET_DESCRIPTIONS[guard.preset]}`,
    `Ask timeout: ${guard.askTimeoutSeconds} s (then the call is denied)`,
  ];
  if (guard.rules.length === 0) {
    lines.push('Rules:       none (add one with `mcp-gate guard allow|deny|ask <tool-glob>`)');
  } else {
    lines.push('Rules (the first that matches wins, then the preset):');
    lines.push(...guardRuleViews(guard.rules).map(ruleLine));
  }
  return lines.join('\n') + '\n';
}

/** `mcp-gate guard list [--json]`. */
export function runGuardList(flags: GuardFlags, deps: GuardDeps = {}): void {
  const guard = openContext(flags).settings.read().guard;
  const write = writer(deps);
  if (flags.json === true) {
    const view = {
      preset: guard.preset,
      askTimeoutSeconds: guard.askTimeoutSeconds,
      rules: guardRuleViews(guard.rules),
    };
    write(JSON.stringify(view, null, 2) + '\n');
    return;
  }
  write(formatGuard(guard));
}

function checkClient(client: string | undefined): string | null {
  if (client === undefined) return null;
  if ((CLIENT_IDS as readonly string[]).includes(client)) return client;
  throw new UserError(
    'bad-flag',
    `--client must be one of ${CLIENT_IDS.join(', ')} (got "${client.slice(0, 40)}").`,
  );
}

/** `mcp-gate guard allow|deny|ask <tool-glob> [--server S] [--client C]`. */
export function runGuardAdd(
  action: GuardAction,
  tool: string,
  flags: GuardFlags,
  deps: GuardDeps = {},
): void {
  const problem = toolGlobProblem(tool);
  if (problem !== null) {
    throw new UserError('bad-argument', `Cannot add the rule: ${problem}.`);
  }
  if (flags.server !== undefined && flags.server.trim() === '') {
    throw new UserError('bad-flag', '--server needs a server name or id.');
  }
  const rule: GuardRule = {
    tool,
    server: flags.server ?? null,
    client: checkClient(flags.client),
    action,
  };
  const context = openContext(flags);
  const write = writer(deps);
  let known = true;
  const guard = updateGuard(context, (current, settings) => {
    known =
      rule.server === null ||
      settings.servers.some((s) => s.name === rule.server || s.id === rule.server);
    return addGuardRule(current, rule);
  });
  const [first] = guardRuleViews(guard.rules);
  write(`Added ${first === undefined ? '' : ruleLine(first).trim()}. ${RUNNING}\n`);
  if (!known) {
    write(
      `Note: no known server is named or has the id "${rule.server ?? ''}" (\`mcp-gate servers\` lists them); the rule applies once one does.\n`,
    );
  }
}

/** `mcp-gate guard remove <n>`. */
export function runGuardRemove(n: string, flags: GuardFlags, deps: GuardDeps = {}): void {
  const index = /^\d+$/.test(n) ? Number(n) : Number.NaN;
  const context = openContext(flags);
  let removed: GuardRuleView | undefined;
  updateGuard(context, (current) => {
    const edit = removeGuardRule(current, index);
    if (!edit.ok) throw new UserError('bad-argument', edit.message);
    removed = guardRuleViews(current.rules)[index - 1];
    return edit.guard;
  });
  writer(deps)(
    `Removed${removed === undefined ? '' : ` ${ruleLine(removed).trim()}`}. ${RUNNING}\n`,
  );
}

/** `mcp-gate guard preset <name>`. */
export function runGuardPreset(name: string, flags: GuardFlags, deps: GuardDeps = {}): void {
  const preset = parseGuardPreset(name);
  updateGuard(openContext(flags), (current) => ({ ...current, preset }));
  writer(deps)(`Guard preset: ${preset}: ${PRESET_DESCRIPTIONS[preset]}. ${RUNNING}\n`);
}

/** `mcp-gate guard timeout <seconds>`. */
export function runGuardTimeout(seconds: string, flags: GuardFlags, deps: GuardDeps = {}): void {
  const value = parseAskTimeout(seconds);
  updateGuard(openContext(flags), (current) => ({ ...current, askTimeoutSeconds: value }));
  writer(deps)(
    `A held tool call now waits ${value} s for a person, then it is denied. ${RUNNING}\n`,
  );
}
