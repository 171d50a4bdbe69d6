import { homedir, networkInterfaces } from 'node:os';
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import {
  cherryStudioInstallLink,
  cherryStudioJson,
  cursorInstallLink,
  difyValues,
  lingmaValues,
  vscodeInstallLink,
  type LinkInput,
  type PasteValues,
} from '../../../shared/client-links';
import {
  buildEntry,
  CLIENT_IDS,
  clientInfo,
  entryName,
  isClientId,
  localUrls,
  type BridgeCommand,
  type ClientId,
  type GateServer,
  type JsonObject,
  type PathContext,
} from '../../../shared/clients';
import {
  distinctServers,
  parseGateServerUrl,
  serversFromSettings,
} from '../../../shared/gate-server';
import { buildServerRules } from '../../../shared/server-rules';
import { locateBridgeCommand } from '../../core/bridge/bridge-command';
import { bridgeKeyFromEnv, runStdioBridge } from '../../core/bridge/stdio-bridge';
import { applyClientEdit } from '../../core/clients/config-writer';
import { openClientRecords, type ClientRecords } from '../../core/clients/client-records';
import {
  createClientKeys,
  type ClientKeys,
  type SecretStore,
} from '../../core/clients/client-keys';
import { detectClient, detectClients } from '../../core/clients/detect';
import { readServers } from '../../core/clients/plan-edit';
import { compareEntries, type ClientConfigStatus } from '../../core/clients/status';
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

/** The folders and environment client files are found from: HOME (USERPROFILE), APPDATA, XDG_CONFIG_HOME. */
export function pathContextFrom(
  env: Readonly<Record<string, string | undefined>>,
  platform: string,
): PathContext {
  const home =
    (platform === 'win32' ? env['USERPROFILE'] : env['HOME']) ?? env['HOME'] ?? homedir();
  return { platform, home, appData: env['APPDATA'], xdgConfigHome: env['XDG_CONFIG_HOME'], env };
}

/** The IPv4 address of the `docker0` bridge, or null. */
export function dockerBridgeAddress(): string | null {
  const docker0 = networkInterfaces()['docker0'] ?? [];
  return docker0.find((a) => a.family === 'IPv4')?.address ?? null;
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
      const bridge = await runStdioBridge({ url, key: bridgeKeyFromEnv(deps.env) });
      await bridge.closed;
    });
}

interface Session {
  readonly context: CliContext;
  readonly ctx: PathContext;
  readonly records: ClientRecords;
  readonly keys: ClientKeys;
  readonly port: number;
}

function open(flags: ClientsFlags, deps: ClientsCommandDeps): Session {
  const context = openContext(flags);
  const store = deps.openSecretStore?.(context) ?? openClientKeyStore(context);
  return {
    context,
    ctx: pathContextFrom(deps.env, deps.platform),
    records: openClientRecords(context.paths.clientRecords),
    keys: createClientKeys(store),
    port: context.config.port,
  };
}

async function resolveServers(
  session: Session,
  flags: ClientsFlags,
  required: boolean,
): Promise<GateServer[]> {
  if (flags.server !== undefined && flags.server.length > 0) {
    const servers = flags.server.map((url) => {
      const parsed = parseGateServerUrl(url);
      if (!parsed.ok)
        throw new UserError('bad-flag', `--server ${url.slice(0, 200)}: ${parsed.reason}.`);
      return parsed.server;
    });
    return distinctServers(servers);
  }
  const { config } = session.context;
  const settings = session.context.settings.read();
  const rules = buildServerRules(config.allowedServers, config.blockedServers);
  const fromSettings = serversFromSettings(settings.servers, rules, config.profile);
  if (fromSettings.length > 0) return fromSettings;
  const remembered = await session.records.servers();
  if (remembered.length > 0 || !required) return remembered;
  throw new UserError(
    'no-servers',
    'No MCP servers to configure: sign in and let MCP Gate list your servers (`mcp-gate servers`), or pass --server <proxy or endpoint URL> (repeatable).',
  );
}

function expectedEntries(
  client: ClientId,
  servers: readonly GateServer[],
  port: number,
  key: string,
  bridge: () => BridgeCommand,
): Record<string, JsonObject> {
  const entries: Record<string, JsonObject> = {};
  const command = client === 'claude-desktop' ? bridge() : undefined;
  for (const server of servers) {
    const entry = buildEntry(client, {
      ...localUrls(server, port),
      key,
      port,
      ...(command === undefined ? {} : { bridge: command }),
    });
    if (entry !== null) entries[entryName(server.name)] = entry;
  }
  return entries;
}

function bridgeOf(deps: ClientsCommandDeps): () => BridgeCommand {
  return (
    deps.bridgeCommand ??
    (() => locateBridgeCommand({ execPath: process.execPath, script: process.argv[1] }))
  );
}

const PLACEHOLDER_KEY = '<new local key>';

function redact(text: string, key: string): string {
  return key === PLACEHOLDER_KEY ? text : text.split(key).join('<local key>');
}

async function runConfigure(
  client: ClientId,
  flags: ClientsFlags,
  deps: ClientsCommandDeps,
): Promise<void> {
  const session = open(flags, deps);
  const info = clientInfo(client);
  const servers = await resolveServers(session, flags, true);
  if (info.kind !== 'file') {
    await printLink(client, session, servers, deps, flags.dryRun === true);
    return;
  }
  const detected = await detectClient(client, session.ctx);
  if (detected.file === null || info.rootKey === null) {
    throw new UserError(
      'client-unsupported',
      `${info.displayName} has no build for this platform (${deps.platform}); nothing to configure.`,
    );
  }
  const dryRun = flags.dryRun === true;
  const key = dryRun
    ? ((await session.keys.get(client)) ?? PLACEHOLDER_KEY)
    : await session.keys.ensure(client);
  const record = await session.records.get(client);
  const owned = record !== null && record.file === detected.file ? record.entries : [];
  const entries = expectedEntries(client, servers, session.port, key, bridgeOf(deps));
  const result = await applyClientEdit({
    file: detected.file,
    rootKey: info.rootKey,
    allowComments: info.allowsComments,
    entries,
    remove: owned.filter((name) => !(name in entries)),
    owned,
    dryRun,
    holdsKey: true,
  });
  const { changes } = result;
  const lines: string[] = [];
  if (dryRun) {
    lines.push(
      result.diff === ''
        ? `${info.displayName}: ${detected.file} is up to date; nothing to change.`
        : redact(result.diff, key).trimEnd(),
    );
  } else {
    await session.records.set(client, {
      file: detected.file,
      entries: [...changes.added, ...changes.updated, ...changes.unchanged],
      port: session.port,
      servers: [...servers],
      updatedAt: new Date().toISOString(),
    });
    lines.push(
      result.changed
        ? `${info.displayName}: wrote ${detected.file}${result.target === detected.file ? '' : ` (→ ${result.target})`}: ${summary(changes)}.${result.backup === null ? '' : ` Backup: ${result.backup}.`}`
        : `${info.displayName}: ${detected.file} is already up to date.`,
    );
    if (detected.layout !== null) lines.push(`Layout: ${detected.layout}.`);
    lines.push(info.reload);
  }
  for (const name of changes.conflicts) {
    lines.push(
      `Kept your own entry "${name}" (not written by MCP Gate): rename or delete it, then configure again to add MCP Gate's.`,
    );
  }
  deps.write(lines.join('\n') + '\n');
}

function summary(changes: {
  readonly added: readonly string[];
  readonly updated: readonly string[];
  readonly removed: readonly string[];
}): string {
  const parts = [
    changes.added.length > 0 ? `added ${changes.added.join(', ')}` : '',
    changes.updated.length > 0 ? `updated ${changes.updated.join(', ')}` : '',
    changes.removed.length > 0 ? `removed ${changes.removed.join(', ')}` : '',
  ].filter((p) => p !== '');
  return parts.length === 0 ? 'no change' : parts.join('; ');
}

async function runRemove(
  client: ClientId,
  flags: ClientsFlags,
  deps: ClientsCommandDeps,
): Promise<void> {
  const session = open(flags, deps);
  const info = clientInfo(client);
  const record = await session.records.get(client);
  const lines: string[] = [];
  if (
    info.kind === 'file' &&
    info.rootKey !== null &&
    record !== null &&
    record.file !== null &&
    record.entries.length > 0
  ) {
    const result = await applyClientEdit({
      file: record.file,
      rootKey: info.rootKey,
      allowComments: info.allowsComments,
      entries: {},
      remove: record.entries,
      owned: record.entries,
      holdsKey: false,
    });
    lines.push(
      result.changed
        ? `${info.displayName}: removed ${result.changes.removed.join(', ')} from ${record.file}.${result.backup === null ? '' : ` Backup: ${result.backup}.`}`
        : `${info.displayName}: ${record.file} holds no MCP Gate entries any more.`,
    );
  } else if (info.kind !== 'file' && record !== null) {
    lines.push(
      `${info.displayName}: delete the ${record.entries.join(', ')} server(s) in ${info.displayName} itself; MCP Gate cannot edit its store.`,
    );
  } else {
    lines.push(
      `${info.displayName}: MCP Gate has no entries recorded there; nothing to remove from its config.`,
    );
  }
  await session.records.delete(client);
  const revoked = await session.keys.revoke(client);
  lines.push(
    revoked ? `Its local key was revoked: the proxy no longer accepts it.` : 'It had no local key.',
  );
  deps.write(lines.join('\n') + '\n');
}

async function runLink(
  client: ClientId,
  flags: ClientsFlags,
  deps: ClientsCommandDeps,
): Promise<void> {
  const session = open(flags, deps);
  const servers = await resolveServers(session, flags, true);
  await printLink(client, session, servers, deps, false);
}

async function printLink(
  client: ClientId,
  session: Session,
  servers: readonly GateServer[],
  deps: ClientsCommandDeps,
  dryRun: boolean,
): Promise<void> {
  const info = clientInfo(client);
  if (!info.hasDeepLink && info.kind !== 'paste') {
    throw new UserError(
      'no-deep-link',
      `${info.displayName} has no install link: run \`mcp-gate clients configure ${client}\` to write its config file.`,
    );
  }
  const key = dryRun
    ? ((await session.keys.get(client)) ?? PLACEHOLDER_KEY)
    : await session.keys.ensure(client);
  const inputs: LinkInput[] = servers.map((server) => ({ server, port: session.port, key }));
  const lines: string[] = [];
  switch (client) {
    case 'cursor':
      for (const input of inputs)
        lines.push(`${entryName(input.server.name)}: ${cursorInstallLink(input)}`);
      break;
    case 'vscode':
      for (const input of inputs)
        lines.push(`${entryName(input.server.name)}: ${vscodeInstallLink(input)}`);
      break;
    case 'cherry-studio':
      lines.push(
        cherryStudioInstallLink(inputs),
        '',
        'Or paste this into Cherry Studio → MCP → Add → Import from JSON:',
        cherryStudioJson(inputs).trimEnd(),
      );
      break;
    case 'dify':
      for (const input of inputs)
        lines.push(pasteText(difyValues(input, (deps.dockerHost ?? dockerBridgeAddress)())));
      break;
    case 'lingma':
      for (const input of inputs) lines.push(pasteText(lingmaValues(input)));
      break;
    default:
      break;
  }
  lines.push(info.reload);
  if (!dryRun) {
    const detected = await detectClient(client, session.ctx);
    await session.records.set(client, {
      file: detected.file,
      entries: servers.map((s) => entryName(s.name)),
      port: session.port,
      servers: [...servers],
      updatedAt: new Date().toISOString(),
    });
  }
  deps.write(lines.join('\n') + '\n');
}

function pasteText(values: PasteValues): string {
  const headers = Object.entries(values.headers).map(
    ([name, value]) => `  Header: ${name}: ${value}`,
  );
  return [
    `${values.name}`,
    `  URL:    ${values.url}`,
    ...headers,
    ...values.notes.map((n) => `  Note:   ${n}`),
  ].join('\n');
}

/** One row of `mcp-gate clients list`. */
export interface ClientListRow {
  readonly id: ClientId;
  readonly name: string;
  readonly kind: string;
  readonly found: boolean;
  readonly file: string | null;
  readonly layout: string | null;
  readonly hasKey: boolean | null;
  readonly state: ClientConfigStatus['state'] | 'unknown';
  readonly stale: ClientConfigStatus['stale'];
  readonly error: string | null;
}

async function runList(flags: ClientsFlags, deps: ClientsCommandDeps): Promise<void> {
  const session = open(flags, deps);
  const servers = await resolveServers(session, flags, false);
  const detected = await detectClients(CLIENT_IDS, session.ctx);
  const rows: ClientListRow[] = [];
  let keys: ReadonlyMap<ClientId, string> | null = null;
  let keyError: string | null = null;
  try {
    keys = await session.keys.list();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    keyError = error.message;
  }
  const records = await session.records.all();
  for (const found of detected) {
    const info = clientInfo(found.id);
    const record = records[found.id] ?? null;
    const key = keys?.get(found.id) ?? null;
    let state: ClientListRow['state'] = 'not-configured';
    let stale: ClientConfigStatus['stale'] = [];
    let error: string | null = keyError;
    if (info.kind === 'file' && found.file !== null && info.rootKey !== null && found.fileExists) {
      try {
        const text = await readFile(found.file, 'utf8');
        const read = readServers(text, info.rootKey, info.allowsComments);
        if (!read.ok) {
          state = 'unknown';
          error = `${found.file}:${read.error.line}:${read.error.column}: ${read.error.message}`;
        } else {
          const expected = expectedEntries(
            found.id,
            servers,
            session.port,
            key ?? '<no key>',
            bridgeOf(deps),
          );
          const owned = record !== null && record.file === found.file ? record.entries : [];
          ({ state, stale } = compareEntries(read.servers, expected, owned));
        }
      } catch (readError) {
        state = 'unknown';
        error = readError instanceof Error ? readError.message : String(readError);
      }
    } else if (info.kind !== 'file' && record !== null) {
      state =
        key === null ? 'out-of-date' : record.port === session.port ? 'configured' : 'out-of-date';
    }
    rows.push({
      id: found.id,
      name: info.displayName,
      kind: info.kind,
      found: found.found,
      file: found.file,
      layout: found.layout,
      hasKey: keys === null ? null : key !== null,
      state,
      stale,
      error,
    });
  }
  if (flags.json === true) {
    deps.write(JSON.stringify({ port: session.port, servers, clients: rows }, null, 2) + '\n');
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
