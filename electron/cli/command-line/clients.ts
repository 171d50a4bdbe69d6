import { Option, type Command } from 'commander';
import { CLIENT_IDS, isClientId, type ClientId } from '../../../shared/clients';
import { UserError } from '../../core/errors';
import type * as ClientsCommands from '../commands/clients';
import type { ClientsCommandDeps, ClientsFlags } from '../commands/clients';

function defaultDeps(): ClientsCommandDeps {
  return {
    env: process.env,
    platform: process.platform,
    write: (text) => process.stdout.write(text),
  };
}

function withOptions(command: Command): Command {
  return command
    .option('--config-dir <dir>', 'settings, client records and (with --token-store file) keys')
    .option('--profile <name>', 'profile whose servers are configured')
    .addOption(
      new Option('--token-store <store>', 'where local client keys are kept').choices([
        'keychain',
        'file',
      ]),
    )
    .option('--port <port>', 'port of the proxy the clients call (default from settings)')
    .option(
      '--server <url>',
      'proxy or endpoint URL of a server to configure (repeatable; default: the allowed servers in settings)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .addOption(new Option('--log-level <level>').hideHelp());
}

function parseClient(value: string): ClientId {
  if (isClientId(value)) return value;
  throw new UserError(
    'bad-flag',
    `Unknown client "${value.slice(0, 40)}": use one of ${CLIENT_IDS.join(', ')}.`,
  );
}

/** The client commands, loaded when one of them runs (it brings the config writers and jsonc-parser). */
function commands(): Promise<typeof ClientsCommands> {
  return import('../commands/clients');
}

/** Registers `mcp-gate clients list|configure|remove|link`. */
export function registerClientsCommand(
  program: Command,
  overrides: Partial<ClientsCommandDeps> = {},
): void {
  const deps = { ...defaultDeps(), ...overrides };
  const clients = program
    .command('clients')
    .description('configure AI clients to use the proxy, each with its own local key');
  withOptions(clients.command('list'))
    .description(
      'show each client: found or not, its file, layout, configured / out of date / not configured',
    )
    .option('--json', 'machine-readable output')
    .action(async (flags: ClientsFlags) => (await commands()).runList(flags, deps));
  withOptions(clients.command('configure').argument('<client>', CLIENT_IDS.join(', ')))
    .description(
      'write MCP Gate entries into the client config (atomic, comments kept, backup kept)',
    )
    .option('--dry-run', 'print the diff; change nothing')
    .action(async (client: string, flags: ClientsFlags) => {
      const id = parseClient(client);
      await (await commands()).runConfigure(id, flags, deps);
    });
  withOptions(clients.command('remove').argument('<client>', CLIENT_IDS.join(', ')))
    .description("take out exactly MCP Gate's entries and revoke the client's key")
    .action(async (client: string, flags: ClientsFlags) => {
      const id = parseClient(client);
      await (await commands()).runRemove(id, flags, deps);
    });
  withOptions(clients.command('link').argument('<client>', CLIENT_IDS.join(', ')))
    .description(
      'print the install deep link (Cursor, VS Code, Cherry Studio) or the values to paste (Dify, Lingma)',
    )
    .action(async (client: string, flags: ClientsFlags) => {
      const id = parseClient(client);
      await (await commands()).runLink(id, flags, deps);
    });
}

/** Registers `mcp-gate bridge <url>` (stdio ↔ Streamable HTTP; key from MCP_GATE_KEY). */
export function registerBridgeCommand(
  program: Command,
  overrides: Partial<ClientsCommandDeps> = {},
): void {
  const deps = { ...defaultDeps(), ...overrides };
  program
    .command('bridge')
    .argument('<url>', 'proxy URL of one server')
    .description(
      'stdio ↔ Streamable HTTP bridge for stdio-only clients (Claude Desktop); reads the key from MCP_GATE_KEY',
    )
    .action(async (url: string) => {
      // the MCP SDK is loaded only by the bridge, so other commands start faster
      const { bridgeKeyFromEnv, runStdioBridge } = await import('../../core/bridge/stdio-bridge');
      const bridge = await runStdioBridge({ url, key: bridgeKeyFromEnv(deps.env) });
      await bridge.closed;
    });
}
