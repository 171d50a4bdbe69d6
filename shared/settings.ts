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
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});
export type ProxySettings = z.infer<typeof ProxySettingsSchema>;

/** The whole settings file, shared by the CLI and the desktop app. */
export const SettingsSchema = z.object({
  version: z.literal(1).default(1),
  defaultProfile: z.string().min(1).default('default'),
  profiles: z.record(z.string(), ProfileSettingsSchema).default({}),
  proxy: ProxySettingsSchema.default(ProxySettingsSchema.parse({})),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** Settings of a fresh install. */
export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});
