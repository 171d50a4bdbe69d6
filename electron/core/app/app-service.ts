import type { ActivityEntry } from '../../../shared/activity';
import { clientInfo, type ClientId } from '../../../shared/clients';
import type { ContractHandlers } from '../../../shared/ipc/contract';
import type {
  AccountView,
  AppStatus,
  ClientEditView,
  ClientView,
  ProxySettingsView,
  ServersView,
} from '../../../shared/ipc/views';
import { buildServerRules, type ServerRules } from '../../../shared/server-rules';
import { readActivity, openActivityLog } from '../audit/activity-log';
import { systemClock } from '../auth/types';
import { createClientAuthenticator } from '../client-auth';
import { createClientKeys } from '../clients/client-keys';
import { openClientRecords } from '../clients/client-records';
import {
  clientLinks,
  configureClient,
  dockerBridgeAddress,
  expectedEntries,
  listClients,
  pathContextFrom,
  removeClient,
  resolveServers,
  type ClientWorkspace,
} from '../clients/client-service';
import { lookupAccessKey } from '../context/access-key';
import {
  configFromSettings,
  openClientKeyStore,
  openVault,
  type GateContext,
} from '../context/gate-context';
import { rememberSeenServers } from '../context/seen-servers';
import { resolveClientId } from '../context/oauth-app';
import { addServer, loadServerReport, removeServer } from '../context/server-catalog';
import { findUnknownRuleEntries, knownServerOf } from '../cloud/server-discovery';
import { UserError } from '../errors';
import { waitForAnswer } from '../guard/guard-broker';
import { createGuardControl } from '../guard/guard-control';
import { createGuardStack } from '../guard/guard-stack';
import { localBaseUrl } from '../gate';
import { resolvePaths } from '../paths';
import { openSettings } from '../settings/settings-store';
import { VERSION } from '../version';
import { matchesActivityFilter } from '../../../shared/activity-filter';
import { activityCsv, activityJsonl } from './activity-views';
import { createAppEvents } from './app-events';
import type { AppService, AppServiceDeps } from './app-service-types';
import { appMessage, createGateRunner } from './gate-runner';
import { clientViewOf, rulesWithServer, serverViewOf, trayStateOf } from './status-view';

/** How long the proxy trusts its cached copy of the server rules before re-reading settings. */
const RULES_TTL_MS = 2_000;

/** Builds the desktop app's core over the same services as the headless proxy; call `start()` next. */
export async function createAppService(deps: AppServiceDeps): Promise<AppService> {
  const clock = deps.clock ?? systemClock;
  const paths = resolvePaths(deps.configDir);
  const settings = openSettings(paths.configDir, deps.settingsBacking);
  const { logger } = deps;
  const contextFor = (profile?: string): GateContext => ({
    paths,
    settings,
    logger,
    config: configFromSettings(settings.read(), profile),
  });
  const events = createAppEvents((error) =>
    logger.warn({ err: appMessage(error) }, 'an event listener failed'),
  );
  const vault = deps.vault ?? (await openVault(contextFor()));
  const keyStore = deps.clientKeyStore ?? openClientKeyStore(contextFor());
  const storedKeys = createClientKeys(keyStore);
  // every key change made here reaches the running proxy at its next request
  const keys: typeof storedKeys = {
    ...storedKeys,
    ensure: (client) => storedKeys.ensure(client).finally(() => authenticator?.invalidate()),
    issue: (client) => storedKeys.issue(client).finally(() => authenticator?.invalidate()),
    revoke: (client) => storedKeys.revoke(client).finally(() => authenticator?.invalidate()),
  };
  const records = openClientRecords(paths.clientRecords);
  const activity = openActivityLog({ path: paths.activityLog });
  const credentialDeps = {
    env: deps.env,
    homeDir: deps.homeDir,
    ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
  };

  let rulesCache: { readonly rules: ServerRules; readonly at: number } | null = null;
  const rules = (): ServerRules => {
    const now = clock.now();
    if (rulesCache === null || now - rulesCache.at > RULES_TTL_MS) {
      const { proxy } = settings.read();
      rulesCache = { rules: buildServerRules(proxy.allowedServers, proxy.blockedServers), at: now };
    }
    return rulesCache.rules;
  };
  let discoveryError: string | null = null;
  let authenticator: { readonly invalidate: () => void } | null = null;
  let lastClientStates = new Map<ClientId, ClientView['state']>();

  const status = (): AppStatus => {
    const runnerStatus = runner.status();
    return {
      version: VERSION,
      ...runnerStatus,
      tray: trayStateOf(
        runnerStatus.session,
        runnerStatus.signInInProgress,
        runnerStatus.proxy.state,
      ),
    };
  };
  const statusChanged = (): void => events.emit('status:changed', status());

  // the Guard asks through the window: each held call waits for guard:answer (or the timeout)
  const {
    source: guardSource,
    broker,
    guard,
  } = createGuardStack({
    settings,
    asker: waitForAnswer,
    logger,
  });
  const guardControl = createGuardControl({
    settings,
    broker,
    source: guardSource,
    onEdited: () => events.emit('guard:changed', null),
  });
  broker.onAsked((question) => events.emit('guard:asked', question));
  broker.onChanged(() => events.emit('guard:changed', null));

  const runner = createGateRunner({
    context: () => contextFor(),
    vault,
    activity,
    authenticateClient: () => {
      const made = createClientAuthenticator({
        loadKeys: () => keys.list(),
        requirement: settings.read().proxy.requireClientKey,
        logger,
        clock,
      });
      authenticator = made;
      return made;
    },
    rules,
    guard,
    env: deps.env,
    homeDir: deps.homeDir,
    ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    clock,
    onChange: statusChanged,
    onSignedIn: (profile) => {
      events.emit('notice', {
        kind: 'signed-in',
        title: 'Signed in',
        body: `Profile "${profile}" is signed in; AI clients can use the proxy at ${runner.proxyBase()}.`,
      });
      void refreshServers().catch(() => undefined);
    },
    onSignInFailed: (message) =>
      events.emit('notice', {
        kind: 'sign-in-failed',
        title: 'Sign-in did not finish',
        body: message,
      }),
    onSessionExpired: (message) =>
      events.emit('notice', {
        kind: 'sign-in-expired',
        title: 'Sign-in expired',
        body: appMessage(message),
      }),
    onProxyFailed: (error) => {
      const portInUse = (error as { code?: unknown }).code === 'proxy-port-in-use';
      events.emit('notice', {
        kind: portInUse ? 'port-in-use' : 'proxy-failed',
        title: portInUse ? 'Port in use' : 'The proxy could not start',
        body: appMessage(error),
      });
    },
  });

  activity.onAppend((entry: ActivityEntry) => {
    events.emit('activity:appended', entry);
    if (entry.outcome === 'blocked') {
      events.emit('notice', {
        kind: 'request-blocked',
        title: `Request blocked: ${entry.server ?? entry.path}`,
        body: `${entry.client ?? 'A client'} tried ${entry.server ?? entry.path}: ${(entry.reason ?? 'blocked by your rules').replace(/\.$/, '')}.`,
      });
    }
  });
  activity.onAppend(
    rememberSeenServers(
      contextFor(),
      (account) => runner.routing()?.profileFor(account) ?? 'default',
    ),
  );

  const workspace = (): ClientWorkspace => {
    const context = contextFor();
    return {
      context,
      paths: pathContextFrom(
        { ...deps.env, HOME: deps.homeDir, USERPROFILE: deps.homeDir },
        deps.platform,
      ),
      records,
      keys,
      port: runner.status().proxy.port,
      bridge: () => {
        const command = deps.bridgeCommand?.();
        if (command === undefined) {
          throw new UserError(
            'no-bridge',
            'This build cannot start the stdio bridge for Claude Desktop: use the command-line `mcp-gate clients configure claude-desktop`.',
          );
        }
        return { command: command.command, args: [...command.args] };
      },
      dockerHost: dockerBridgeAddress,
    };
  };

  const serversView = (): ServersView => {
    const current = settings.read();
    const { profile } = configFromSettings(current);
    const mine = current.servers.filter((s) => s.profile === profile);
    const ruleSet = buildServerRules(current.proxy.allowedServers, current.proxy.blockedServers);
    const base = runner.proxyBase();
    return {
      servers: mine.map((server) => serverViewOf(server, ruleSet, base)),
      allowedServers: current.proxy.allowedServers,
      blockedServers: current.proxy.blockedServers,
      unknownRuleEntries: findUnknownRuleEntries(ruleSet, mine.map(knownServerOf)).map(
        (entry) => entry.entry,
      ),
      discoveryError,
    };
  };

  const clientsView = async (): Promise<ClientView[]> => {
    const space = workspace();
    const servers = await resolveServers(space, undefined, false);
    const views = (await listClients(space, servers)).map(clientViewOf);
    const next = new Map(views.map((view) => [view.id, view.state]));
    for (const view of views) {
      if (view.state === 'out-of-date' && lastClientStates.get(view.id) === 'configured') {
        events.emit('notice', {
          kind: 'client-out-of-date',
          title: `${view.name} needs an update`,
          body: `Its MCP Gate entries no longer match your servers or proxy: open Clients and choose Update.`,
        });
      }
    }
    lastClientStates = next;
    return views;
  };

  const serversChanged = (): void => {
    rulesCache = null;
    events.emit('servers:changed', null);
    events.emit('clients:changed', null);
    void clientsView().catch(() => undefined);
  };

  const refreshServers = async (): Promise<ServersView> => {
    try {
      const report = await loadServerReport(contextFor(), runner.proxyBase(), credentialDeps);
      discoveryError =
        report.lookup.found === null
          ? `No AccessKey to list the account's servers (${report.lookup.skipped.map((s) => `${s.source}: ${s.reason}`).join('; ')}). Add servers by endpoint URL, or set ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET (or run \`aliyun configure\`) and refresh.`
          : null;
    } catch (error) {
      discoveryError = appMessage(error);
    }
    serversChanged();
    return serversView();
  };

  const updateRules = (allowedServers: string[], blockedServers: string[]): ServersView => {
    settings.update((current) => ({
      ...current,
      proxy: { ...current.proxy, allowedServers, blockedServers },
    }));
    serversChanged();
    return serversView();
  };

  const accountView = async (): Promise<AccountView> => {
    const current = settings.read();
    const runnerStatus = runner.status();
    const names = new Set([current.defaultProfile, ...Object.keys(current.profiles)]);
    const profiles = [];
    for (const name of names) {
      const stored = current.profiles[name] ?? { site: 'cn' as const };
      const session =
        name === runnerStatus.profile
          ? runnerStatus.session
          : (await vault.get(name).catch(() => null)) === null
            ? ('signed-out' as const)
            : ('signed-in' as const);
      profiles.push({
        name,
        site: stored.site,
        oauthClientId: stored.oauthClientId ?? null,
        accountId: stored.accountId ?? null,
        isDefault: name === current.defaultProfile,
        session,
      });
    }
    const lookup = await lookupAccessKey(contextFor(), credentialDeps).catch(() => null);
    return {
      profiles,
      current: current.defaultProfile,
      accessKeyAvailable: lookup?.found != null,
      accessKeySource: lookup?.found?.source ?? null,
    };
  };

  const proxyView = (): ProxySettingsView => {
    const { proxy } = settings.read();
    return {
      settings: {
        host: proxy.host,
        port: proxy.port,
        requireClientKey: proxy.requireClientKey,
        logLevel: proxy.logLevel,
        allowedOrigins: proxy.allowedOrigins,
      },
      proxy: runner.status().proxy,
      logsFolder: paths.configDir,
      settingsPath: settings.path,
    };
  };

  const editView = (
    id: ClientId,
    outcome: {
      file: string | null;
      diff: string;
      changed: boolean;
      backup: string | null;
      lines: readonly string[];
    },
  ): ClientEditView => ({
    id,
    path: outcome.file,
    diff: outcome.diff,
    written: outcome.changed,
    backupPath: outcome.backup,
    message: outcome.lines.join('\n'),
  });

  const readFiltered = async (
    limit: number,
    filter: Parameters<typeof matchesActivityFilter>[1],
  ): Promise<ActivityEntry[]> => {
    activity.flush();
    const entries = await readActivity(paths.activityLog, 50_000);
    return entries
      .filter((entry) => matchesActivityFilter(entry, filter))
      .slice(-limit)
      .reverse();
  };

  const handlers: ContractHandlers = {
    'app:status': async () => status(),
    'app:openLogsFolder': async () => {
      await deps.openPath(paths.configDir);
      return { path: paths.configDir };
    },

    'account:get': accountView,
    'account:signIn': async ({ profile }) => {
      if (profile !== undefined && profile !== runner.status().profile) {
        settings.update((current) => ({ ...current, defaultProfile: profile }));
        await runner.restart();
      }
      const url = await runner.signIn((line) => logger.info(line));
      await deps
        .openExternal(url)
        .catch((error: unknown) =>
          logger.warn({ err: appMessage(error) }, 'could not open the browser'),
        );
      return { authorizationUrl: url };
    },
    'account:cancelSignIn': async () => {
      runner.cancelSignIn();
      return status();
    },
    'account:signOut': async ({ profile }) => {
      if (profile !== undefined && profile !== runner.status().profile) {
        await vault.delete(profile);
        statusChanged();
        return { revoked: false };
      }
      return runner.signOut();
    },
    'account:saveProfile': async ({ name, site, oauthClientId }) => {
      settings.update((current) => {
        const existing = current.profiles[name];
        const sameSite = existing?.site === site;
        return {
          ...current,
          profiles: {
            ...current.profiles,
            [name]: {
              ...(sameSite ? existing : {}),
              site,
              ...(oauthClientId === null ? {} : { oauthClientId }),
            },
          },
        };
      });
      if (name === runner.status().profile) await runner.restart();
      return accountView();
    },
    'account:useProfile': async ({ name }) => {
      settings.update((current) => ({
        ...current,
        defaultProfile: name,
        profiles: { ...current.profiles, [name]: current.profiles[name] ?? { site: 'cn' } },
      }));
      await runner.restart();
      serversChanged();
      return accountView();
    },
    'account:removeProfile': async ({ name }) => {
      if (name === settings.read().defaultProfile) {
        throw new UserError(
          'profile-in-use',
          `"${name}" is the profile in use: switch to another profile first, then remove it.`,
        );
      }
      if ((await vault.get(name).catch(() => null)) !== null) {
        throw new UserError(
          'profile-signed-in',
          `"${name}" is still signed in: sign out of it first, so its refresh token is revoked.`,
        );
      }
      settings.update((current) => ({
        ...current,
        profiles: Object.fromEntries(
          Object.entries(current.profiles).filter(([profile]) => profile !== name),
        ),
        servers: current.servers.filter((server) => server.profile !== name),
      }));
      return accountView();
    },
    'account:createOAuthApp': async () => {
      const context = contextFor();
      const lines: string[] = [];
      const redirectBase = localBaseUrl(context.config.host, runner.status().proxy.port);
      const clientId = await resolveClientId(
        { ...context, config: { ...context.config, clientId: null } },
        `${redirectBase}/callback`,
        { ...credentialDeps, report: (line) => lines.push(line) },
      );
      settings.update((current) => ({
        ...current,
        profiles: {
          ...current.profiles,
          [context.config.profile]: { ...context.config.profileSettings, oauthClientId: clientId },
        },
      }));
      await runner.restart();
      return { clientId, message: lines.join('\n') };
    },

    'servers:list': async () => serversView(),
    'servers:refresh': refreshServers,
    'servers:setAllowed': async ({ name, allowed }) => {
      const { proxy } = settings.read();
      const next = rulesWithServer(proxy.allowedServers, proxy.blockedServers, name, allowed);
      return updateRules(next.allowedServers, next.blockedServers);
    },
    'servers:setRules': async ({ allowedServers, blockedServers }) =>
      updateRules(clean(allowedServers), clean(blockedServers)),
    'servers:add': async ({ endpointUrl }) => {
      addServer(contextFor(), endpointUrl);
      serversChanged();
      return serversView();
    },
    'servers:remove': async ({ name }) => {
      removeServer(contextFor(), name);
      serversChanged();
      return serversView();
    },

    'clients:list': clientsView,
    'clients:preview': async ({ id }) => {
      const space = workspace();
      const servers = await resolveServers(space, undefined, true);
      const outcome = await configureClient(space, id, servers, true);
      const where = outcome.file ?? clientInfo(id).displayName;
      return editView(id, {
        ...outcome,
        lines: [
          outcome.diff === ''
            ? `${where} is up to date; nothing to change.`
            : `Configure would make this change to ${where}.`,
        ],
      });
    },
    'clients:configure': async ({ id }) => {
      const space = workspace();
      const servers = await resolveServers(space, undefined, true);
      const view = editView(id, await configureClient(space, id, servers, false));
      events.emit('clients:changed', null);
      return view;
    },
    'clients:remove': async ({ id }) => {
      const view = editView(id, await removeClient(workspace(), id));
      events.emit('clients:changed', null);
      return view;
    },
    'clients:snippet': async ({ id }) => {
      const space = workspace();
      const info = clientInfo(id);
      const servers = await resolveServers(space, undefined, true);
      if (info.kind === 'file') {
        const key = await keys.ensure(id);
        const entries = expectedEntries(space, id, servers, key);
        return {
          id,
          json: JSON.stringify({ [info.rootKey ?? 'mcpServers']: entries }, null, 2),
          deepLink: info.hasDeepLink
            ? ((await clientLinks(space, id, servers, false)).links[0]?.url ?? null)
            : null,
          fields: [],
        };
      }
      const links = await clientLinks(space, id, servers, false);
      events.emit('clients:changed', null);
      return {
        id,
        json: links.json ?? JSON.stringify(links.pasteValues, null, 2),
        deepLink: links.links[0]?.url ?? null,
        fields: links.pasteValues.flatMap((values) => [
          { label: `${values.name} URL`, value: values.url },
          ...Object.entries(values.headers).map(([name, value]) => ({
            label: `${values.name} header ${name}`,
            value,
          })),
        ]),
      };
    },
    'clients:resetKey': async ({ id }) => {
      const space = workspace();
      await keys.issue(id);
      const record = await records.get(id);
      if (record !== null && clientInfo(id).kind === 'file') {
        // rewrite its file so the client keeps working with the new key
        const servers = await resolveServers(space, undefined, false);
        if (servers.length > 0) await configureClient(space, id, servers, false);
      }
      events.emit('clients:changed', null);
      return clientsView();
    },

    'activity:list': async ({ limit, filter }) => ({
      entries: await readFiltered(limit, filter),
      logPath: paths.activityLog,
    }),
    'activity:export': async ({ format, filter }) => {
      const entries = (await readFiltered(50_000, filter)).reverse();
      const stamp = new Date(clock.now()).toISOString().replace(/[:.]/g, '-');
      return format === 'csv'
        ? {
            fileName: `mcp-gate-activity-${stamp}.csv`,
            mimeType: 'text/csv',
            text: activityCsv(entries),
          }
        : {
            fileName: `mcp-gate-activity-${stamp}.jsonl`,
            mimeType: 'application/x-ndjson',
            text: activityJsonl(entries),
          };
    },

    'guard:get': async () => guardControl.view(),
    'guard:setPreset': async ({ preset }) => guardControl.setPreset(preset),
    'guard:addRule': async (rule) => guardControl.addRule(rule),
    'guard:removeRule': async ({ index }) => guardControl.removeRule(index),
    'guard:setAskTimeout': async ({ seconds }) => guardControl.setAskTimeout(seconds),
    'guard:answer': async ({ id, answer }) => guardControl.answer(id, answer),

    'proxy:get': async () => proxyView(),
    'proxy:update': async (change) => {
      const defined = Object.fromEntries(
        Object.entries(change).filter(([, value]) => value !== undefined),
      );
      settings.update((current) => ({ ...current, proxy: { ...current.proxy, ...defined } }));
      await runner.restart();
      serversChanged();
      return proxyView();
    },
    'proxy:start': async () => {
      await runner.start();
      return runner.status().proxy;
    },
    'proxy:stop': async () => {
      await runner.stop();
      return runner.status().proxy;
    },
  };

  let stopped = false;
  return {
    handlers,
    on: (event, listener) => events.on(event, listener),
    status,
    servers: async () => serversView(),
    clients: clientsView,
    start: () => runner.start(),
    async stop() {
      if (stopped) return;
      stopped = true;
      broker.close();
      await runner.stop();
      await activity.close();
    },
  };
}

function clean(entries: readonly string[]): string[] {
  return [...new Set(entries.map((entry) => entry.trim()).filter((entry) => entry !== ''))];
}
