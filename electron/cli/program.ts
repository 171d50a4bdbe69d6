import { Command, Option } from 'commander';
import { UserError } from '../core/errors';
import { VERSION } from '../core/version';
import type { CommonFlags } from './config';
import { registerAccessKeyCommand } from './command-line/accesskey';
import { registerActivityCommand } from './command-line/activity';
import { registerBridgeCommand, registerClientsCommand } from './command-line/clients';
import { registerGuardCommand } from './command-line/guard';
import { registerServersCommand } from './command-line/servers';
import { GUARD_PRESETS } from '../../shared/settings';

function withCommonOptions(command: Command): Command {
  return command
    .option('--profile <name>', 'profile (one signed-in identity)')
    .addOption(new Option('--site <site>', 'Alibaba Cloud site').choices(['cn', 'intl', 'custom']))
    .option('--oauth-client-id <id>', 'AppId of a RAM OAuth application of type NativeApp')
    .option(
      '--oauth-app-name <name>',
      'without a client id: the NativeApp to find or create with an AccessKey (default mcp-gate)',
    )
    .option(
      '--ims-url <url>',
      'RAM (IMS) API endpoint for the OAuth app lookup (with --site custom)',
    )
    .option('--upstream-url <url>', 'OpenAPI MCP upstream (overrides the site default)')
    .option('--authorize-url <url>', 'OAuth authorization endpoint')
    .option('--token-url <url>', 'OAuth token endpoint')
    .option('--revoke-url <url>', 'OAuth revocation endpoint (RFC 7009)')
    .addOption(
      new Option('--token-store <store>', 'where the refresh token is kept').choices([
        'keychain',
        'file',
      ]),
    )
    .option('--config-dir <dir>', 'settings, activity log and (with --token-store file) tokens')
    .addOption(
      new Option('--log-level <level>', 'log level').choices([
        'trace',
        'debug',
        'info',
        'warn',
        'error',
        'fatal',
        'silent',
      ]),
    );
}

function withListenOptions(command: Command): Command {
  return command
    .option('--host <address>', 'address to listen on (default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default 8088)')
    .option('--no-browser', 'print the sign-in URL instead of opening a browser');
}

/**
 * Builds the `mcp-gate` command line. Each action imports its command (electron/cli/commands)
 * when it runs, so a command loads only what it uses; the build puts each in its own chunk.
 */
export function buildProgram(): Command {
  const program = new Command('mcp-gate')
    .description('Authenticating proxy for Alibaba Cloud OpenAPI MCP servers')
    .version(VERSION)
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });

  withListenOptions(withCommonOptions(program.command('proxy')))
    .description('sign in when needed, then proxy MCP requests with a fresh access token')
    .option(
      '--allowed-servers <list>',
      'only these servers (names, ids, /path/prefixes), comma-separated',
    )
    .option('--blocked-servers <list>', 'never these servers (wins over --allowed-servers)')
    .option(
      '--allowed-origins <list>',
      'browser origins allowed to call the proxy, comma-separated',
    )
    .addOption(
      new Option('--guard <preset>', 'Guard preset for this run (wins over the settings)').choices(
        GUARD_PRESETS,
      ),
    )
    .option(
      '--ask-timeout <seconds>',
      'how long a tool call waits for a person before it is denied (default 60)',
    )
    .action(async (flags: CommonFlags) => (await import('./commands/proxy')).runProxy(flags));

  withListenOptions(withCommonOptions(program.command('login')))
    .description('sign in with Alibaba Cloud OAuth and keep the refresh token')
    .action(async (flags: CommonFlags) => (await import('./commands/login')).runLogin(flags));

  withCommonOptions(program.command('logout'))
    .description('revoke the refresh token and delete it from this machine')
    .action(async (flags: CommonFlags) => (await import('./commands/logout')).runLogout(flags));

  withCommonOptions(program.command('status'))
    .description('show the profiles, their sign-in state and the running proxy')
    .option('--json', 'machine-readable output')
    .option('--port <port>', 'port of the proxy to ask (default from settings)')
    .option('--host <address>', 'address of the proxy to ask')
    .action(async (flags: CommonFlags & { json?: boolean }) =>
      (await import('./commands/status')).runStatus(flags),
    );

  registerServersCommand(program);
  registerAccessKeyCommand(program);
  registerClientsCommand(program);
  registerBridgeCommand(program);
  registerGuardCommand(program);
  registerActivityCommand(program);
  return program;
}

/** Runs the CLI; a UserError prints its message (which names the fix) and exits 1, never a stack trace. */
export async function main(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (error) {
    if (error instanceof UserError) {
      process.stderr.write(`mcp-gate: ${error.message}\n`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`mcp-gate: unexpected error: ${message}\n`);
      if (process.env['MCP_GATE_DEBUG']) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    }
    process.exitCode = 1;
  }
}
