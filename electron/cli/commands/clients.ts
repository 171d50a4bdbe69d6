import type { BridgeCommand, ClientId } from '../../../shared/clients';
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

/** Flags of the `clients` commands. */
export interface ClientsFlags extends CommonFlags {
  readonly server?: readonly string[];
  readonly json?: boolean;
  readonly dryRun?: boolean;
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

/** `mcp-gate clients configure <client>`: writes the entries (or prints the diff with --dry-run). */
export async function runConfigure(
  client: ClientId,
  flags: ClientsFlags,
  deps: ClientsCommandDeps,
): Promise<void> {
  const workspace = open(flags, deps);
  const servers = await resolveServers(workspace, flags.server, true);
  const outcome = await configureClient(workspace, client, servers, flags.dryRun === true);
  deps.write(outcome.lines.join('\n') + '\n');
}

/** `mcp-gate clients remove <client>`: takes out MCP Gate's entries and revokes the key. */
export async function runRemove(
  client: ClientId,
  flags: ClientsFlags,
  deps: ClientsCommandDeps,
): Promise<void> {
  const outcome = await removeClient(open(flags, deps), client);
  deps.write(outcome.lines.join('\n') + '\n');
}

/** `mcp-gate clients link <client>`: the deep link or the values to paste. */
export async function runLink(
  client: ClientId,
  flags: ClientsFlags,
  deps: ClientsCommandDeps,
): Promise<void> {
  const workspace = open(flags, deps);
  const servers = await resolveServers(workspace, flags.server, true);
  const outcome = await clientLinks(workspace, client, servers, false);
  deps.write(outcome.lines.join('\n') + '\n');
}

/** `mcp-gate clients list [--json]`: every client, found or not, and its state. */
export async function runList(flags: ClientsFlags, deps: ClientsCommandDeps): Promise<void> {
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
