import { z } from 'zod';

/** Where refresh tokens live: the OS keychain, or (explicit opt-in) a 0600 file. */
export const TokenStoreSchema = z.enum(['keychain', 'file']);
export type TokenStoreKind = z.infer<typeof TokenStoreSchema>;

/** The sign-in identity of one profile: site, OAuth client and endpoints. Never a secret. */
export const ProfileSettingsSchema = z.object({
  site: z.enum(['cn', 'intl', 'custom']).default('cn'),
  oauthClientId: z.string().min(1).optional(),
  authorizeUrl: z.url().optional(),
  tokenUrl: z.url().optional(),
  revokeUrl: z.url().optional(),
  upstreamUrl: z.url().optional(),
  accountId: z.string().min(1).optional(),
});
export type ProfileSettings = z.infer<typeof ProfileSettingsSchema>;

/** Proxy defaults the desktop app edits and the CLI reads (flags win over them). */
export const ProxySettingsSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8088),
  allowedServers: z.array(z.string()).default([]),
  blockedServers: z.array(z.string()).default([]),
  allowedOrigins: z.array(z.string()).default([]),
  tokenStore: TokenStoreSchema.default('keychain'),
  /** Whether requests must carry a configured client's `X-MCP-Gate-Key`. */
  requireClientKey: z.enum(['always', 'never', 'when-configured']).default('when-configured'),
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});
export type ProxySettings = z.infer<typeof ProxySettingsSchema>;

/** How MCP Gate learned about a server: listed by the cloud, added by hand, or seen in proxied traffic. */
export const ServerOriginSchema = z.enum(['discovered', 'added', 'seen-in-traffic']);
export type ServerOrigin = z.infer<typeof ServerOriginSchema>;

/** A known OpenAPI MCP server; its proxy URLs are its paths on the proxy. */
export const StoredServerSchema = z.object({
  name: z.string().min(1),
  id: z.string().min(1).nullable().default(null),
  product: z.string().min(1).nullable().default(null),
  sourceType: z.enum(['custom', 'system', 'acs']),
  /** Account uid from `/accounts/<uid>/…`, when the path has one. */
  accountId: z.string().min(1).nullable().default(null),
  paths: z.object({
    mcp: z.string().startsWith('/'),
    sse: z.string().startsWith('/'),
  }),
  origin: ServerOriginSchema,
  /** The profile (signed-in identity) the server belongs to. */
  profile: z.string().min(1).default('default'),
});
export type StoredServer = z.infer<typeof StoredServerSchema>;

/** The Guard presets: what a tool call no rule matches gets. */
export const GUARD_PRESETS = ['read-only', 'ask-before-changes', 'allow-all'] as const;
export const GuardPresetSchema = z.enum(GUARD_PRESETS);

/** What a Guard rule does with a matching tool call. */
export const GUARD_ACTIONS = ['allow', 'deny', 'ask'] as const;
export const GuardActionSchema = z.enum(GUARD_ACTIONS);

/** One Guard rule: a tool-name glob, optionally limited to one server (name or id) and one client. */
export const GuardRuleSchema = z.object({
  tool: z.string().min(1).max(256),
  server: z.string().min(1).max(256).nullable().default(null),
  client: z.string().min(1).max(64).nullable().default(null),
  action: GuardActionSchema,
});
export type GuardRule = z.infer<typeof GuardRuleSchema>;

/** How the Guard decides tool calls: rules first (first match wins), then the preset. */
export const GuardSettingsSchema = z.object({
  preset: GuardPresetSchema.default('ask-before-changes'),
  rules: z.array(GuardRuleSchema).max(1000).default([]),
  /** Seconds a held tool call waits for a person before it is denied. */
  askTimeoutSeconds: z.number().int().min(1).max(3600).default(60),
});
export type GuardSettings = z.infer<typeof GuardSettingsSchema>;

/** The whole settings file, shared by the CLI and the desktop app. */
export const SettingsSchema = z.object({
  version: z.literal(1).default(1),
  defaultProfile: z.string().min(1).default('default'),
  profiles: z.record(z.string(), ProfileSettingsSchema).default({}),
  proxy: ProxySettingsSchema.default(ProxySettingsSchema.parse({})),
  servers: z.array(StoredServerSchema).default([]),
  guard: GuardSettingsSchema.default(GuardSettingsSchema.parse({})),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** Settings of a fresh install. */
export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});
