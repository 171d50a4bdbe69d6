import type { Command } from 'commander';
import type { CommonFlags } from '../config';
import type { ServersFlags } from '../commands/servers';

/** Registers `mcp-gate servers [--json]`, `servers add <endpoint-url>` and `servers remove <name-or-id>`. */
export function registerServersCommand(program: Command): void {
  const servers = withOptions(program.command('servers'))
    .description("list the account's OpenAPI MCP servers with their proxy URLs")
    .option('--json', 'machine-readable output')
    .option(
      '--allowed-servers <list>',
      'mark servers outside this list (names, ids, /path/prefixes)',
    )
    .option('--blocked-servers <list>', 'mark servers in this list')
    .action(async (flags: ServersFlags) => {
      const { runServersList } = await import('../commands/servers');
      await runServersList(flags);
    });

  withOptions(servers.command('add'))
    .description(
      'remember a server from its console endpoint URL (or a proxy URL), without an AccessKey',
    )
    .argument(
      '<endpoint-url>',
      'Streamable HTTP or SSE endpoint, e.g. https://openapi-mcp…/accounts/<uid>/custom/<name>/id/<id>/mcp',
    )
    .action(async (url: string, _flags: CommonFlags, command: Command) => {
      const { runServersAdd } = await import('../commands/servers');
      runServersAdd(url, command.optsWithGlobals<CommonFlags>());
    });

  withOptions(servers.command('remove'))
    .description('forget a server added with `servers add` (or seen in traffic)')
    .argument('<name-or-id>', 'server name or id')
    .action(async (nameOrId: string, _flags: CommonFlags, command: Command) => {
      const { runServersRemove } = await import('../commands/servers');
      runServersRemove(nameOrId, command.optsWithGlobals<CommonFlags>());
    });
}

/** Options are declared on `servers` and on each subcommand; actions read them merged (`optsWithGlobals`). */
function withOptions(command: Command): Command {
  return command
    .option('--profile <name>', 'profile (one signed-in identity)')
    .option('--site <site>', 'Alibaba Cloud site: cn, intl or custom')
    .option('--upstream-url <url>', 'OpenAPI MCP upstream (overrides the site default)')
    .option('--config-dir <dir>', 'settings directory')
    .option(
      '--token-store <store>',
      'keychain (also looked in for a kept AccessKey) or file (the keychain is not used)',
    )
    .option('--host <address>', 'address of the proxy (for the URLs shown)')
    .option('--port <port>', 'port of the proxy (for the URLs shown)')
    .option('--log-level <level>', 'log level');
}
