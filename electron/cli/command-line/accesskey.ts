import type { Command } from 'commander';
import type { CommonFlags } from '../config';

/** Registers `mcp-gate accesskey set|remove`: an AccessKey kept in the keychain for management calls. */
export function registerAccessKeyCommand(program: Command): void {
  const accesskey = program
    .command('accesskey')
    .description(
      'keep an AccessKey in the keychain for listing servers and setting up the OAuth app',
    );
  const withOptions = (command: Command): Command =>
    command
      .option('--profile <name>', 'profile the AccessKey belongs to')
      .option('--config-dir <dir>', 'settings directory')
      .option('--token-store <store>', 'keychain (an AccessKey is never kept in a file)');

  withOptions(accesskey.command('set'))
    .description(
      'read the AccessKey id and secret (prompted on a terminal, or two lines on standard input) and keep them in the keychain',
    )
    .action(async (flags: CommonFlags) =>
      (await import('../commands/accesskey')).runAccessKeySet(flags),
    );

  withOptions(accesskey.command('remove'))
    .description('delete the kept AccessKey from the keychain')
    .action(async (flags: CommonFlags) =>
      (await import('../commands/accesskey')).runAccessKeyRemove(flags),
    );
}
