import { readFile } from 'node:fs/promises';
import { homedir, networkInterfaces } from 'node:os';
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
import type { GateContext } from '../context/gate-context';
import { UserError } from '../errors';
import type { ClientKeys } from './client-keys';
import type { ClientRecords } from './client-records';
import { applyClientEdit } from './config-writer';
import { detectClient, detectClients } from './detect';
import { readServers } from './plan-edit';
import { compareEntries, type ClientConfigStatus } from './status';

/** Everything client configuration works on: settings, where client files are, keys, records. */
export interface ClientWorkspace {
  readonly context: GateContext;
  readonly paths: PathContext;
  readonly records: ClientRecords;
  readonly keys: ClientKeys;
  /** The proxy port the clients call. */
  readonly port: number;
  /** How Claude Desktop starts the stdio bridge. */
  readonly bridge: () => BridgeCommand;
  /** The Docker bridge address for Dify, or null. */
  readonly dockerHost: () => string | null;
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

/**
 * The servers to configure: the given proxy/endpoint URLs, else the allowed servers in settings,
 * else the ones last written; `required` turns "none" into an error naming the fix.
 */
export async function resolveServers(
  workspace: ClientWorkspace,
  urls: readonly string[] | undefined,
  required: boolean,
): Promise<GateServer[]> {
  if (urls !== undefined && urls.length > 0) {
    const servers = urls.map((url) => {
      const parsed = parseGateServerUrl(url);
      if (!parsed.ok)
        throw new UserError('bad-flag', `--server ${url.slice(0, 200)}: ${parsed.reason}.`);
      return parsed.server;
    });
    return distinctServers(servers);
  }
  const { config } = workspace.context;
  const settings = workspace.context.settings.read();
  const rules = buildServerRules(config.allowedServers, config.blockedServers);
  const fromSettings = serversFromSettings(settings.servers, rules, config.profile);
  if (fromSettings.length > 0) return fromSettings;
  const remembered = await workspace.records.servers();
  if (remembered.length > 0 || !required) return remembered;
  throw new UserError(
    'no-servers',
    'No MCP servers to configure: sign in and let MCP Gate list your servers (`mcp-gate servers`), or pass --server <proxy or endpoint URL> (repeatable).',
  );
}

/** The entries MCP Gate would write for a client now, by entry name. */
export function expectedEntries(
  workspace: ClientWorkspace,
  client: ClientId,
  servers: readonly GateServer[],
  key: string,
): Record<string, JsonObject> {
  const entries: Record<string, JsonObject> = {};
  const command = client === 'claude-desktop' ? workspace.bridge() : undefined;
  for (const server of servers) {
    const entry = buildEntry(client, {
      ...localUrls(server, workspace.port),
      key,
      port: workspace.port,
      ...(command === undefined ? {} : { bridge: command }),
    });
    if (entry !== null) entries[entryName(server.name)] = entry;
  }
  return entries;
}

/** Shown in previews in place of a key that does not exist yet. */
export const PLACEHOLDER_KEY = '<new local key>';

/** Hides a real key in text shown to people. */
export function redactKey(text: string, key: string): string {
  return key === PLACEHOLDER_KEY ? text : text.split(key).join('<local key>');
}

/** What configuring (or previewing) a client did, with the lines a person reads. */
export interface ConfigureOutcome {
  readonly file: string | null;
  /** Unified diff with the key hidden ('' when nothing changes). */
  readonly diff: string;
  readonly changed: boolean;
  readonly backup: string | null;
  readonly lines: readonly string[];
}

/** Writes (or with `dryRun` only diffs) MCP Gate's entries into a client's config file; link-only clients get their links. */
export async function configureClient(
  workspace: ClientWorkspace,
  client: ClientId,
  servers: readonly GateServer[],
  dryRun: boolean,
): Promise<ConfigureOutcome> {
  const info = clientInfo(client);
  if (info.kind !== 'file') {
    const links = await clientLinks(workspace, client, servers, dryRun);
    return { file: null, diff: '', changed: false, backup: null, lines: links.lines };
  }
  const detected = await detectClient(client, workspace.paths);
  if (detected.file === null || info.rootKey === null) {
    throw new UserError(
      'client-unsupported',
      `${info.displayName} has no build for this platform (${workspace.paths.platform}); nothing to configure.`,
    );
  }
  const key = dryRun
    ? ((await workspace.keys.get(client)) ?? PLACEHOLDER_KEY)
    : await workspace.keys.ensure(client);
  const record = await workspace.records.get(client);
  const owned = record !== null && record.file === detected.file ? record.entries : [];
  const entries = expectedEntries(workspace, client, servers, key);
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
  const diff = redactKey(result.diff, key);
  const lines: string[] = [];
  if (dryRun) {
    lines.push(
      result.diff === ''
        ? `${info.displayName}: ${detected.file} is up to date; nothing to change.`
        : diff.trimEnd(),
    );
  } else {
    await workspace.records.set(client, {
      file: detected.file,
      entries: [...changes.added, ...changes.updated, ...changes.unchanged],
      port: workspace.port,
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
  return {
    file: detected.file,
    diff,
    changed: !dryRun && result.changed,
    backup: dryRun ? null : result.backup,
    lines,
  };
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

/** Takes out exactly MCP Gate's entries from a client's file and revokes its local key. */
export async function removeClient(
  workspace: ClientWorkspace,
  client: ClientId,
): Promise<ConfigureOutcome> {
  const info = clientInfo(client);
  const record = await workspace.records.get(client);
  const oldKey = await workspace.keys.get(client).catch(() => null);
  const lines: string[] = [];
  let outcome: Omit<ConfigureOutcome, 'lines'> = {
    file: record?.file ?? null,
    diff: '',
    changed: false,
    backup: null,
  };
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
    outcome = {
      file: record.file,
      diff: oldKey === null ? result.diff : redactKey(result.diff, oldKey),
      changed: result.changed,
      backup: result.backup,
    };
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
  await workspace.records.delete(client);
  const revoked = await workspace.keys.revoke(client);
  lines.push(
    revoked ? `Its local key was revoked: the proxy no longer accepts it.` : 'It had no local key.',
  );
  return { ...outcome, lines };
}

/** A client's install links or values to paste, as lines and as data. */
export interface LinkOutcome {
  readonly lines: readonly string[];
  /** Entry name → install deep link. */
  readonly links: readonly { readonly name: string; readonly url: string }[];
  readonly pasteValues: readonly PasteValues[];
  /** JSON to paste (Cherry Studio's import format), when the client has one. */
  readonly json: string | null;
}

/** The install deep links (Cursor, VS Code, Cherry Studio) or paste values (Dify, Lingma) of a client. */
export async function clientLinks(
  workspace: ClientWorkspace,
  client: ClientId,
  servers: readonly GateServer[],
  dryRun: boolean,
): Promise<LinkOutcome> {
  const info = clientInfo(client);
  if (!info.hasDeepLink && info.kind !== 'paste') {
    throw new UserError(
      'no-deep-link',
      `${info.displayName} has no install link: run \`mcp-gate clients configure ${client}\` to write its config file.`,
    );
  }
  const key = dryRun
    ? ((await workspace.keys.get(client)) ?? PLACEHOLDER_KEY)
    : await workspace.keys.ensure(client);
  const inputs: LinkInput[] = servers.map((server) => ({ server, port: workspace.port, key }));
  const lines: string[] = [];
  const links: { name: string; url: string }[] = [];
  const pasteValues: PasteValues[] = [];
  let json: string | null = null;
  switch (client) {
    case 'cursor':
    case 'vscode':
      for (const input of inputs) {
        const url = client === 'cursor' ? cursorInstallLink(input) : vscodeInstallLink(input);
        links.push({ name: entryName(input.server.name), url });
        lines.push(`${entryName(input.server.name)}: ${url}`);
      }
      break;
    case 'cherry-studio': {
      const url = cherryStudioInstallLink(inputs);
      json = cherryStudioJson(inputs);
      links.push({ name: 'cherry-studio', url });
      lines.push(
        url,
        '',
        'Or paste this into Cherry Studio → MCP → Add → Import from JSON:',
        json.trimEnd(),
      );
      break;
    }
    case 'dify':
    case 'lingma':
      for (const input of inputs) {
        const values =
          client === 'dify' ? difyValues(input, workspace.dockerHost()) : lingmaValues(input);
        pasteValues.push(values);
        lines.push(pasteText(values));
      }
      break;
    default:
      break;
  }
  lines.push(info.reload);
  if (!dryRun) {
    const detected = await detectClient(client, workspace.paths);
    await workspace.records.set(client, {
      file: detected.file,
      entries: servers.map((s) => entryName(s.name)),
      port: workspace.port,
      servers: [...servers],
      updatedAt: new Date().toISOString(),
    });
  }
  return { lines, links, pasteValues, json };
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

/** One client's state: found or not, its file, configured / out of date / not configured. */
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

/** Reads every client's file and compares it with what MCP Gate would write now. */
export async function listClients(
  workspace: ClientWorkspace,
  servers: readonly GateServer[],
): Promise<ClientListRow[]> {
  const detected = await detectClients(CLIENT_IDS, workspace.paths);
  const rows: ClientListRow[] = [];
  let keys: ReadonlyMap<ClientId, string> | null = null;
  let keyError: string | null = null;
  try {
    keys = await workspace.keys.list();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    keyError = error.message;
  }
  const records = await workspace.records.all();
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
          const expected = expectedEntries(workspace, found.id, servers, key ?? '<no key>');
          const owned = record !== null && record.file === found.file ? record.entries : [];
          ({ state, stale } = compareEntries(read.servers, expected, owned));
        }
      } catch (readError) {
        state = 'unknown';
        error = readError instanceof Error ? readError.message : String(readError);
      }
    } else if (info.kind !== 'file' && record !== null) {
      state =
        key === null
          ? 'out-of-date'
          : record.port === workspace.port
            ? 'configured'
            : 'out-of-date';
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
  return rows;
}
