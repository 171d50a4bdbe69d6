import type { Command } from 'commander';
import type { ActivityFlags } from '../commands/activity';

/** Registers `mcp-gate activity [--json] [--follow] [--limit n]`. */
export function registerActivityCommand(program: Command): void {
  program
    .command('activity')
    .description('show the activity log: each request, its tool and the Guard decision')
    .option('--json', 'one JSON object per line')
    .option('--follow', 'keep printing new entries as they are written')
    .option('--limit <n>', 'how many of the latest entries to show first (default 50)')
    .option('--config-dir <dir>', 'settings and activity log directory')
    .action(async (flags: ActivityFlags) =>
      (await import('../commands/activity')).runActivity(flags),
    );
}
