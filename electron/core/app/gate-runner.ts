import type { ActivitySink } from '../../../shared/activity';
import type { ProxyView, SessionState } from '../../../shared/ipc/views';
import type { ServerRules } from '../../../shared/server-rules';
import type { SiteName } from '../../../shared/sites';
import type { FetchFn } from '../auth/http-fetch';
import type { SessionStatus, TokenSession } from '../auth/session';
import type { Clock, TokenVault } from '../auth/types';
import { openEndpoints, rememberProfile, type GateContext } from '../context/gate-context';
import { resolveClientId } from '../context/oauth-app';
import { openProfileRouting, type ProfileRouting } from '../context/profile-routing';
import { UserError } from '../errors';
import { createGate, localBaseUrl, type Gate, type PendingSignIn } from '../gate';
import type { ProxyGuard } from '../guard/proxy-guard';
import type { ClientAuthenticator } from '../proxy/proxy-options';
import type { RunningProxy } from '../proxy/proxy-server';

/** What the runner reports about the gate of the current profile. */
export interface GateRunnerStatus {
  readonly profile: string;
  readonly site: SiteName;
  readonly accountId: string | null;
  readonly session: SessionState;
  readonly sessionError: string | null;
  readonly signInInProgress: boolean;
  readonly authorizationUrl: string | null;
  readonly proxy: ProxyView;
}

/** What the runner is built from. */
export interface GateRunnerDeps {
  /** A fresh context (settings re-read) for the current default profile. */
  readonly context: () => GateContext;
  readonly vault: TokenVault;
  readonly activity: ActivitySink;
  /** Made anew at each start, so a changed key requirement applies. */
  readonly authenticateClient: () => ClientAuthenticator;
  readonly rules: () => ServerRules;
  /** Decides tool calls (presets, rules, asking a person). */
  readonly guard: ProxyGuard;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  readonly fetch?: FetchFn;
  readonly clock?: Clock;
  /** Called whenever status() may have changed. */
  readonly onChange: () => void;
  readonly onSignedIn: (profile: string) => void;
  readonly onSignInFailed: (message: string) => void;
  readonly onSessionExpired: (message: string) => void;
  readonly onProxyFailed: (error: UserError | Error) => void;
}

/** Runs the gate (token session + proxy + sign-in) of the current profile; rebuilt on restart. */
export interface GateRunner {
  status(): GateRunnerStatus;
  /** Builds the gate for the current profile and starts the proxy; a bind failure lands in status. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops, re-reads settings (profile, host, port, endpoints) and starts again. */
  restart(): Promise<void>;
  /** Starts a loopback sign-in and returns the authorization URL. */
  signIn(report: (line: string) => void): Promise<string>;
  cancelSignIn(): void;
  signOut(): Promise<{ readonly revoked: boolean }>;
  /** `http://host:port` the clients call (the configured one while stopped). */
  proxyBase(): string;
  /** The profile routing of the running proxy (which account goes to which profile). */
  routing(): ProfileRouting | null;
}

/** Creates the runner; nothing listens until `start`. */
export function createGateRunner(deps: GateRunnerDeps): GateRunner {
  let context = deps.context();
  let gate: Gate | null = null;
  let proxy: RunningProxy | null = null;
  let routing: ProfileRouting | null = null;
  let proxyState: ProxyView['state'] = 'stopped';
  let proxyError: string | null = null;
  let pending: PendingSignIn | null = null;
  let unsubscribe: (() => void) | null = null;
  let lastSession: SessionStatus['state'] = 'signed-out';

  const sessionOf = (): SessionStatus =>
    gate?.session.status() ?? { state: 'signed-out', accessTokenExpiresAt: null, lastError: null };

  const watch = (session: TokenSession): void => {
    unsubscribe?.();
    lastSession = session.status().state;
    unsubscribe = session.onChange((status) => {
      if (status.state === 'expired' && lastSession !== 'expired') {
        deps.onSessionExpired(status.lastError ?? 'The sign-in expired: sign in again.');
      }
      lastSession = status.state;
      deps.onChange();
    });
  };

  const buildGate = async (current: GateContext): Promise<Gate> => {
    const { config, logger } = current;
    return createGate({
      profile: config.profile,
      site: config.site,
      clientId: config.clientId,
      endpoints: await openEndpoints(current),
      host: config.host,
      port: config.port,
      rules: deps.rules,
      allowedOrigins: config.allowedOrigins,
      vault: deps.vault,
      logger,
      activity: deps.activity,
      authenticateClient: deps.authenticateClient(),
      guard: deps.guard,
      tokensFor: (account) => routing?.tokensFor(account) ?? null,
      ...(deps.clock === undefined ? {} : { clock: deps.clock }),
      ...(deps.fetch === undefined ? {} : { fetch: deps.fetch as typeof fetch }),
    });
  };

  const start = async (): Promise<void> => {
    if (proxyState === 'running' || proxyState === 'starting') return;
    context = deps.context();
    proxyState = 'starting';
    proxyError = null;
    deps.onChange();
    try {
      const built = await buildGate(context);
      gate = built;
      watch(built.session);
      routing = await openProfileRouting(
        context,
        deps.vault,
        built.session,
        built.health().upstream,
      );
      proxy = await built.startProxy();
      proxyState = 'running';
      // learn now whether a stored refresh token still works, so the tray shows the truth
      if (await built.session.hasStoredToken()) {
        built.session.getAccessToken().catch(() => undefined);
      }
    } catch (error) {
      proxyState = 'failed';
      proxyError = appMessage(error);
      await gate?.close().catch(() => undefined);
      proxy = null;
      deps.onProxyFailed(error instanceof Error ? error : new Error(String(error)));
    } finally {
      deps.onChange();
    }
  };

  const stop = async (): Promise<void> => {
    pending?.flow.cancel('stopped');
    pending = null;
    unsubscribe?.();
    unsubscribe = null;
    const closing = gate;
    gate = null;
    proxy = null;
    routing = null;
    await closing?.close();
    proxyState = 'stopped';
    proxyError = null;
    deps.onChange();
  };

  return {
    status() {
      const session = sessionOf();
      const { config } = context;
      return {
        profile: config.profile,
        site: config.site,
        accountId: config.profileSettings.accountId ?? null,
        session: session.state,
        sessionError: session.lastError,
        signInInProgress: pending !== null,
        authorizationUrl: pending?.flow.authorizationUrl ?? null,
        proxy: {
          state: proxyState,
          url: proxy?.url ?? null,
          host: config.host,
          port: proxy?.port ?? config.port,
          error: proxyError,
        },
      };
    },
    start,
    stop,
    async restart() {
      await stop();
      await start();
    },
    async signIn(report) {
      if (gate === null || proxy === null) {
        throw new UserError(
          'proxy-not-running',
          'The proxy is not running, and it serves the sign-in callback: start it (Proxy page or tray → Start), then sign in.',
        );
      }
      const current = gate;
      const redirectBase = localBaseUrl(context.config.host, proxy.port);
      const clientId = await resolveClientId(context, `${redirectBase}/callback`, {
        env: deps.env,
        homeDir: deps.homeDir,
        report,
        ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
      });
      current.useClientId(clientId);
      const started = current.beginSignIn(redirectBase);
      pending = started;
      const signInContext = context;
      started.done
        .then(() => {
          rememberProfile(signInContext, clientId);
          deps.onSignedIn(signInContext.config.profile);
        })
        .catch((error: unknown) => {
          if (pending === started) deps.onSignInFailed(appMessage(error));
        })
        .finally(() => {
          if (pending === started) pending = null;
          deps.onChange();
        });
      deps.onChange();
      return started.flow.authorizationUrl;
    },
    cancelSignIn() {
      const current = pending;
      pending = null;
      current?.flow.cancel('cancelled in the app');
      deps.onChange();
    },
    async signOut() {
      // with the proxy stopped, a gate that never listens still revokes and deletes the token
      const target = gate ?? (await buildGate(deps.context()));
      const result = await target.session.signOut();
      deps.onChange();
      return result;
    },
    proxyBase: () => proxy?.url ?? localBaseUrl(context.config.host, context.config.port),
    routing: () => routing,
  };
}

/** A failure in words for the app: flag names of the CLI become the app's own controls. */
export function appMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/\(--port\)/g, '(Proxy page → Port)')
    .replace(/\(--host\)/g, '(Proxy page → Host)')
    .replace(
      /pass --oauth-client-id <([^>]*)>/g,
      'enter the OAuth client id ($1) on the Account page',
    )
    .replace(/`mcp-gate login( --profile [\w.-]+)?`/g, 'Sign in (tray or Account page)');
}
