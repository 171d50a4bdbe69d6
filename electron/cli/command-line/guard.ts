import type { Command } from 'commander';
import { CLIENT_IDS } from '../../../shared/clients';
import type { GuardAction } from '../../../shared/ipc/views';
import type * as GuardCommands from '../commands/guard';
import type { GuardFlags } from '../commands/guard';

const ACTION_WORDS: Readonly<Record<GuardAction, string>> = {
  allow: 'allow',
  deny: 'deny (hide and refuse)',
  ask: 'ask a person before',
};

/** The Guard commands, loaded when one of them runs. */
function commands(): Promise<typeof GuardCommands> {
  return import('../commands/guard');
}

/** Registers `mcp-gate guard list|allow|deny|ask|remove|preset|timeout`. */
export function registerGuardCommand(program: Command): void {
  const guard = program
    .command('guard')
    .description('decide which tools AI clients may call: rules, preset, ask timeout');
  const withOptions = (command: Command): Command =>
    command.option('--config-dir <dir>', 'settings directory');
  const flagsOf = (command: Command): GuardFlags => command.optsWithGlobals<GuardFlags>();

  withOptions(guard.command('list'))
    .description('show the preset, the ask timeout and the rules (first match wins)')
    .option('--json', 'machine-readable output')
    .action(async (_flags: GuardFlags, command: Command) =>
      (await commands()).runGuardList(flagsOf(command)),
    );

  for (const action of ['allow', 'deny', 'ask'] as const) {
    withOptions(guard.command(action))
      .description(`${ACTION_WORDS[action]} tools matching <tool-glob> (the new rule goes first)`)
      .argument(
        '<tool-glob>',
        'tool name or glob on <Product>-<Version>-<Action>, e.g. Ecs-*-Delete*',
      )
      .option('--server <name-or-id>', 'only for this MCP server')
      .option('--client <client>', `only for this client (${CLIENT_IDS.join(', ')})`)
      .action(async (tool: string, _flags: GuardFlags, command: Command) =>
        (await commands()).runGuardAdd(action, tool, flagsOf(command)),
      );
  }

  withOptions(guard.command('remove'))
    .description('remove rule <n> (as numbered by `mcp-gate guard list`)')
    .argument('<n>', 'rule number')
    .action(async (n: string, _flags: GuardFlags, command: Command) =>
      (await commands()).runGuardRemove(n, flagsOf(command)),
    );

  withOptions(guard.command('preset'))
    .description('what calls no rule matches get: read-only, ask-before-changes or allow-all')
    .argument('<name>', 'read-only | ask-before-changes | allow-all')
    .action(async (name: string, _flags: GuardFlags, command: Command) =>
      (await commands()).runGuardPreset(name, flagsOf(command)),
    );

  withOptions(guard.command('timeout'))
    .description('seconds a held tool call waits for a person before it is denied')
    .argument('<seconds>', '1 to 3600 (default 60)')
    .action(async (seconds: string, _flags: GuardFlags, command: Command) =>
      (await commands()).runGuardTimeout(seconds, flagsOf(command)),
    );
}
