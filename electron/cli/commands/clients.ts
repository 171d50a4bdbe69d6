import { Option, type Command } from 'commander';
import { CLIENT_IDS, isClientId, type BridgeCommand, type ClientId } from '../../../shared/clients';
import { locateBridgeCommand } from '../../core/bridge/bridge-command';
import { openClientRecords } from '../../core/clients/client-records';
import { createClientKeys, type SecretStore } from '../../core/clients/client-keys';
import {
  clientLinks,
  configureClient,
  dockerBridgeAddress,
  listClients,
  pathContextFrom,
  removeClient,
  resolveServers,
  type ClientWorkspace,
} from '../../core/clients/client-service';
import { UserError } from '../../core/errors';
import type { CommonFlags } from '../config';
import { openClientKeyStore, openContext, type CliContext } from '../context';

/** What the commands take from the process; tests pass their own. */
export interface ClientsCommandDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: string;
  readonly write: (text: string) => void;
  /** Where client keys live; by default the keychain, or `client-keys.json` with `--token-store file`. */
  readonly openSecretStore?: (context: CliContext) => SecretStore;
  /** How Claude Desktop starts the bridge; by default this Node running this CLI. */
  readonly bridgeCommand?: () => BridgeCommand;
  /** The Docker bridge address for Dify; by default `docker0`'s IPv4 address. */
  readonly dockerHost?: () => string | null;
}

interface ClientsFlags extends CommonFlags {
  readonly server?: readonly string[];
  readonly json?: boolean;
  readonly dryRun?: boolean;
}

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
    .action((flags: ClientsFlags) => runList(flags, deps));
  withOptions(clients.command('configure').argument('<client>', CLIENT_IDS.join(', ')))
    .description(
      'write MCP Gate entries into the client config (atomic, comments kept, backup kept)',
    )
    .option('--dry-run', 'print the diff; change nothing')
    .action((client: string, flags: ClientsFlags) =>
      runConfigure(parseClient(client), flags, deps),
    );
  withOptions(clients.command('remove').argument('<client>', CLIENT_IDS.join(', ')))
    .description("take out exactly MCP Gate's entries and revoke the client's key")
    .action((client: string, flags: ClientsFlags) => runRemove(parseClient(client), flags, deps));
  withOptions(clients.command('link').argument('<client>', CLIENT_IDS.join(', ')))
    .description(
      'print the install deep link (Cursor, VS Code, Cherry Studio) or the values to paste (Dify, Lingma)',
    )
    .action((client: string, flags: ClientsFlags) => runLink(parseClient(client), flags, deps));
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

function open(flags: ClientsFlags, deps: ClientsCommandDeps): ClientWorkspace {
  const context = openContext(flags);
  const store = deps.openSecretStore?.(context) ?? openClientKeyStore(context);
  return {
    context,
    paths: pathContextFrom(deps.env, deps.platform),
    records: openClientRecords(context.paths.clientRecords),
    keys: createClientKeys(store),
    port: context.config.port,
    bridge:
      deps.bridgeCommand ??
      (() => locateBridgeCommand({ execPath: process.execPath, script: process.argv[1] })),
    dockerHost: deps.dockerHost ?? dockerBridgeAddress,
  };
}

async function runConfigure(
  client: ClientId,
  flags: ClientsFlags,
  deps: ClientsCommandDeps,
): Promise<void> {
  const workspace = open(flags, deps);
  const servers = await resolveServers(workspace, flags.server, true);
  const outcome = await configureClient(workspace, client, servers, flags.dryRun === true);
  deps.write(outcome.lines.join('\n') + '\n');
}

async function runRemove(
  client: ClientId,
  flags: ClientsFlags,
  deps: ClientsCommandDeps,
): Promise<void> {
  const outcome = await removeClient(open(flags, deps), client);
  deps.write(outcome.lines.join('\n') + '\n');
}

async function runLink(
  client: ClientId,
  flags: ClientsFlags,
  deps: ClientsCommandDeps,
): Promise<void> {
  const workspace = open(flags, deps);
  const servers = await resolveServers(workspace, flags.server, true);
  const outcome = await clientLinks(workspace, client, servers, false);
  deps.write(outcome.lines.join('\n') + '\n');
}

async function runList(flags: ClientsFlags, deps: ClientsCommandDeps): Promise<void> {
  const workspace = open(flags, deps);
  const servers = await resolveServers(workspace, flags.server, false);
  const rows = await listClients(workspace, servers);
  if (flags.json === true) {
    deps.write(JSON.stringify({ port: workspace.port, servers, clients: rows }, null, 2) + '\n');
    return;
  }
  const lines = rows.map((r) => {
    const where =
      r.file === null ? r.kind : `${r.file}${r.layout === null ? '' : ` [${r.layout}]`}`;
    const why =
      r.stale.length === 0 ? '' : ` (${r.stale.map((s) => `${s.name}: ${s.reason}`).join(', ')})`;
    return `${r.id.padEnd(15)} ${(r.found ? 'found' : '-').padEnd(6)} ${r.state}${why}  ${where}`;
  });
  deps.write(lines.join('\n') + '\n');
}
