import type { ActivityEntry, ActivityOutcome, GuardDecisionKind } from '../activity';
import type { ClientId, ClientKind } from '../clients';
import type { ProxySettings, ServerOrigin } from '../settings';
import type { SiteName } from '../sites';

/** The sign-in state of a profile, as the tray and the Account page show it. */
export type SessionState = 'signed-out' | 'signed-in' | 'refreshing' | 'expired';

/** Whether the proxy listens, and why not. */
export interface ProxyView {
  readonly state: 'running' | 'stopped' | 'starting' | 'failed';
  /** `http://127.0.0.1:8088` while running, else null. */
  readonly url: string | null;
  readonly host: string;
  readonly port: number;
  /** Why it is not running, in words with the fix (e.g. port in use). */
  readonly error: string | null;
}

/** Everything the tray needs to draw itself; pushed on `status:changed`. */
export interface AppStatus {
  readonly version: string;
  readonly profile: string;
  readonly site: SiteName;
  readonly accountId: string | null;
  readonly session: SessionState;
  /** The last refresh or sign-in failure, in words. */
  readonly sessionError: string | null;
  readonly signInInProgress: boolean;
  /** The URL of the sign-in under way (for "open it again"), else null. */
  readonly authorizationUrl: string | null;
  readonly proxy: ProxyView;
  /** The tray icon state derived from the above. */
  readonly tray: TrayState;
}

/** The four looks of the tray icon. */
export type TrayState = 'signed-out' | 'ready' | 'working' | 'attention';

/** One sign-in identity (profile) as the Account page lists it. */
export interface ProfileView {
  readonly name: string;
  readonly site: SiteName;
  readonly oauthClientId: string | null;
  readonly accountId: string | null;
  readonly isDefault: boolean;
  readonly session: SessionState;
}

/** The Account page. */
export interface AccountView {
  readonly profiles: readonly ProfileView[];
  readonly current: string;
  /** True when an AccessKey is available to find or create the OAuth app. */
  readonly accessKeyAvailable: boolean;
  /** Where that AccessKey comes from (e.g. "environment"), never the key itself. */
  readonly accessKeySource: string | null;
}

/** One MCP server as the Servers page and the tray's Servers menu show it. */
export interface ServerView {
  readonly name: string;
  readonly id: string | null;
  readonly product: string | null;
  readonly origin: ServerOrigin;
  readonly profile: string;
  readonly accountId: string | null;
  /** allowed: reachable; blocked: on the block list; not-allowed: outside a non-empty allow list. */
  readonly access: 'allowed' | 'blocked' | 'not-allowed';
  readonly mcpUrl: string;
  readonly sseUrl: string;
}

/** The Servers page: servers, rules, and what the last discovery said. */
export interface ServersView {
  readonly servers: readonly ServerView[];
  readonly allowedServers: readonly string[];
  readonly blockedServers: readonly string[];
  /** Rule entries that match no known server (likely typos). */
  readonly unknownRuleEntries: readonly string[];
  /** Why the cloud listing failed, in words, or null. */
  readonly discoveryError: string | null;
}

/** One AI client as the Clients page and the tray's Configure clients menu show it. */
export interface ClientView {
  readonly id: ClientId;
  readonly name: string;
  readonly kind: ClientKind;
  readonly detected: boolean;
  /** The config file MCP Gate edits, when the client has one. */
  readonly configPath: string | null;
  readonly state: 'not-configured' | 'configured' | 'out-of-date' | 'unreadable' | 'not-applicable';
  /** Why the file cannot be read (parse error with line:column), when unreadable. */
  readonly problem: string | null;
  readonly staleEntries: readonly string[];
  readonly hasKey: boolean;
  readonly hasDeepLink: boolean;
  /** What the user does so the client picks up a change. */
  readonly reload: string;
}

/** The result of configure / remove / preview on one client. */
export interface ClientEditView {
  readonly id: ClientId;
  readonly path: string | null;
  /** Unified diff of the change ('' when nothing changes). */
  readonly diff: string;
  readonly written: boolean;
  /** Backup of the previous file, when one was written. */
  readonly backupPath: string | null;
  readonly message: string;
}

/** What can be copied for a client that is configured by hand or by link. */
export interface ClientSnippetView {
  readonly id: ClientId;
  /** The JSON of its entries, ready to paste. */
  readonly json: string;
  readonly deepLink: string | null;
  /** Label → value pairs for clients configured in a form (Dify, Lingma). */
  readonly fields: readonly { readonly label: string; readonly value: string }[];
}

/** Filters of the Activity page. */
export interface ActivityFilter {
  readonly client?: string | undefined;
  readonly server?: string | undefined;
  readonly outcome?: ActivityOutcome | undefined;
  /** The Guard's decision on the call (entries without one never match). */
  readonly decision?: GuardDecisionKind | undefined;
  readonly text?: string | undefined;
}

/** The Activity page's rows, newest first. */
export interface ActivityView {
  readonly entries: readonly ActivityEntry[];
  readonly logPath: string;
}

/** The Proxy page. */
export interface ProxySettingsView {
  readonly settings: Pick<
    ProxySettings,
    'host' | 'port' | 'requireClientKey' | 'logLevel' | 'allowedOrigins'
  >;
  readonly proxy: ProxyView;
  readonly logsFolder: string;
  readonly settingsPath: string;
}

/** Something that needs the user: shown as an OS notification by the app, a toast in the page. */
export interface Notice {
  readonly kind:
    | 'signed-in'
    | 'sign-in-failed'
    | 'sign-in-expired'
    | 'port-in-use'
    | 'proxy-failed'
    | 'request-blocked'
    | 'client-out-of-date';
  readonly title: string;
  readonly body: string;
}

/** What a Guard rule does with a matching tool call. */
export type GuardAction = 'allow' | 'deny' | 'ask';

/** The Guard presets; the default is `ask-before-changes`. */
export type GuardPreset = 'read-only' | 'ask-before-changes' | 'allow-all';

/** One Guard rule as the Guard page lists it (first match wins, then the preset). */
export interface GuardRuleView {
  /** 1-based position, as `mcp-gate guard remove <n>` takes it. */
  readonly index: number;
  /** Glob on `<Product>-<Version>-<Action>`, e.g. `Ecs-*-Delete*`. */
  readonly tool: string;
  readonly server: string | null;
  readonly client: string | null;
  readonly action: GuardAction;
}

/** A tool call held until a person answers (or the timeout denies it). */
export interface GuardQuestionView {
  readonly id: string;
  /** ISO 8601 time it was asked, and when it is denied without an answer. */
  readonly askedAt: string;
  readonly expiresAt: string;
  readonly client: string | null;
  readonly server: string | null;
  readonly tool: string;
  /** The arguments, pretty-printed with long values folded. */
  readonly arguments: string;
}

/** The Guard page. */
export interface GuardView {
  readonly preset: GuardPreset;
  readonly rules: readonly GuardRuleView[];
  readonly askTimeoutSeconds: number;
  readonly pending: readonly GuardQuestionView[];
}

/** A person's answer to a held tool call. */
export type GuardAnswer = 'allow-once' | 'always-allow' | 'deny';
