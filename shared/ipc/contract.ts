import { z } from 'zod';
import type { ActivityEntry } from '../activity';
import { CLIENT_IDS } from '../clients';
import { ProxySettingsSchema } from '../settings';
import type {
  AccountView,
  ActivityView,
  AppStatus,
  ClientEditView,
  ClientSnippetView,
  ClientView,
  GuardQuestionView,
  GuardView,
  Notice,
  ProxySettingsView,
  ProxyView,
  ServersView,
} from './views';

/**
 * The one IPC contract between the settings window and the main process (DESIGN.md §3).
 * Every request channel is declared here once with a zod schema for its input and the type
 * of its output; main registers validated handlers from it, preload exposes `invoke`/`on`
 * built from it, and `demo:ui` serves it over loopback HTTP.
 */

/** A request channel: its input schema and (type only) its output. */
export interface ChannelSpec<I extends z.ZodType, O> {
  readonly input: I;
  /** Type carrier only; never read at run time. */
  readonly output?: O;
}

function channel<O>(): <I extends z.ZodType>(input: I) => ChannelSpec<I, O> {
  return (input) => ({ input });
}

const none = z.object({}).strict();
const profileName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, dot, dash or underscore');
const serverName = z.string().min(1).max(256);
const clientId = z.enum(CLIENT_IDS);
const host = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9.:[\]-]+$/, 'a host name or IP address');
const filter = z
  .object({
    client: z.string().max(64).optional(),
    server: z.string().max(256).optional(),
    outcome: z
      .enum(['ok', 'blocked', 'rejected', 'signed-out', 'upstream-error', 'client-aborted'])
      .optional(),
    decision: z.enum(['allow', 'deny', 'ask-allowed', 'ask-denied']).optional(),
    text: z.string().max(256).optional(),
  })
  .strict();

/** Every request channel, its input schema and its output type. */
export const CHANNELS = {
  'app:status': channel<AppStatus>()(none),
  'app:openLogsFolder': channel<{ readonly path: string }>()(none),

  'account:get': channel<AccountView>()(none),
  'account:signIn': channel<{ readonly authorizationUrl: string }>()(
    z.object({ profile: profileName.optional() }).strict(),
  ),
  'account:cancelSignIn': channel<AppStatus>()(none),
  'account:signOut': channel<{ readonly revoked: boolean }>()(
    z.object({ profile: profileName.optional() }).strict(),
  ),
  'account:saveProfile': channel<AccountView>()(
    z
      .object({
        name: profileName,
        site: z.enum(['cn', 'intl']),
        oauthClientId: z.string().min(1).max(128).nullable(),
      })
      .strict(),
  ),
  'account:useProfile': channel<AccountView>()(z.object({ name: profileName }).strict()),
  'account:removeProfile': channel<AccountView>()(z.object({ name: profileName }).strict()),
  'account:createOAuthApp': channel<{ readonly clientId: string; readonly message: string }>()(
    none,
  ),

  'servers:list': channel<ServersView>()(none),
  'servers:refresh': channel<ServersView>()(none),
  'servers:setAllowed': channel<ServersView>()(
    z.object({ name: serverName, allowed: z.boolean() }).strict(),
  ),
  'servers:setRules': channel<ServersView>()(
    z
      .object({
        allowedServers: z.array(serverName).max(500),
        blockedServers: z.array(serverName).max(500),
      })
      .strict(),
  ),
  'servers:add': channel<ServersView>()(
    z.object({ endpointUrl: z.string().min(1).max(2048) }).strict(),
  ),
  'servers:remove': channel<ServersView>()(z.object({ name: serverName }).strict()),

  'clients:list': channel<readonly ClientView[]>()(none),
  'clients:preview': channel<ClientEditView>()(z.object({ id: clientId }).strict()),
  'clients:configure': channel<ClientEditView>()(z.object({ id: clientId }).strict()),
  'clients:remove': channel<ClientEditView>()(z.object({ id: clientId }).strict()),
  'clients:snippet': channel<ClientSnippetView>()(z.object({ id: clientId }).strict()),
  'clients:resetKey': channel<readonly ClientView[]>()(z.object({ id: clientId }).strict()),

  'activity:list': channel<ActivityView>()(
    z
      .object({ limit: z.number().int().min(1).max(5000).default(500), filter: filter.optional() })
      .strict(),
  ),
  'activity:export': channel<{
    readonly fileName: string;
    readonly mimeType: string;
    readonly text: string;
  }>()(z.object({ format: z.enum(['jsonl', 'csv']), filter: filter.optional() }).strict()),

  'proxy:get': channel<ProxySettingsView>()(none),
  'proxy:update': channel<ProxySettingsView>()(
    z
      .object({
        host: host.optional(),
        port: z.number().int().min(1).max(65535).optional(),
        requireClientKey: ProxySettingsSchema.shape.requireClientKey.unwrap().optional(),
        logLevel: ProxySettingsSchema.shape.logLevel.unwrap().optional(),
        allowedOrigins: z.array(z.string().min(1).max(512)).max(100).optional(),
      })
      .strict(),
  ),
  'guard:get': channel<GuardView>()(none),
  'guard:setPreset': channel<GuardView>()(
    z.object({ preset: z.enum(['read-only', 'ask-before-changes', 'allow-all']) }).strict(),
  ),
  'guard:addRule': channel<GuardView>()(
    z
      .object({
        tool: z.string().min(1).max(256),
        server: serverName.nullable().default(null),
        client: clientId.nullable().default(null),
        action: z.enum(['allow', 'deny', 'ask']),
      })
      .strict(),
  ),
  'guard:removeRule': channel<GuardView>()(z.object({ index: z.number().int().min(1) }).strict()),
  'guard:setAskTimeout': channel<GuardView>()(
    z.object({ seconds: z.number().int().min(5).max(3600) }).strict(),
  ),
  'guard:answer': channel<GuardView>()(
    z
      .object({
        id: z.string().min(1).max(128),
        answer: z.enum(['allow-once', 'always-allow', 'deny']),
      })
      .strict(),
  ),

  'proxy:start': channel<ProxyView>()(none),
  'proxy:stop': channel<ProxyView>()(none),
} as const;

/** Every event the main process pushes, with its payload type. */
export interface EventPayloads {
  readonly 'status:changed': AppStatus;
  readonly 'activity:appended': ActivityEntry;
  readonly 'servers:changed': null;
  readonly 'clients:changed': null;
  readonly notice: Notice;
  /** A tool call is waiting for a person (Guard `ask`). */
  readonly 'guard:asked': GuardQuestionView;
  /** A question was answered or timed out, or rules changed. */
  readonly 'guard:changed': null;
}

/** The event names, for code that must list them at run time (preload, HTTP bridge). */
export const EVENTS: readonly EventName[] = [
  'status:changed',
  'activity:appended',
  'servers:changed',
  'clients:changed',
  'notice',
  'guard:asked',
  'guard:changed',
];

export type Channels = typeof CHANNELS;
export type ChannelName = keyof Channels;
export type EventName = keyof EventPayloads;
/** What a caller passes (defaults may be omitted). */
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
/** What a handler receives, after validation and defaults. */
export type ChannelArgs<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = NonNullable<Channels[C]['output']>;

/** The implementation of every channel; the core provides it, main and the HTTP bridge serve it. */
export type ContractHandlers = {
  readonly [C in ChannelName]: (input: ChannelArgs<C>) => Promise<ChannelOutput<C>>;
};

/** An error a handler reports, in words with the fix; never a stack. */
export interface ContractError {
  readonly code: string;
  readonly message: string;
}

/** What crosses the boundary for every request: a value or an error, never a thrown stack. */
export type Reply<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ContractError };

/** The one object the renderer talks through (exposed by preload, or built over HTTP). */
export interface GateApi {
  invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

/** True for a declared request channel name. */
export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(CHANNELS, name);
}

/** True for a declared event name. */
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENTS as readonly string[]).includes(name);
}

/** Validates a request's input against its channel's schema; the error names the field. */
export function parseInput<C extends ChannelName>(
  channelName: C,
  raw: unknown,
):
  | { readonly ok: true; readonly input: ChannelArgs<C> }
  | { readonly ok: false; readonly error: ContractError } {
  const parsed = CHANNELS[channelName].input.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, input: parsed.data as ChannelArgs<C> };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'input';
  return {
    ok: false,
    error: {
      code: 'invalid-input',
      message: `${channelName}: ${where}: ${issue?.message ?? 'invalid'}`,
    },
  };
}

/** Validates and runs one request; every failure becomes an error reply a person can read. */
export async function dispatch(
  handlers: ContractHandlers,
  channelName: unknown,
  raw: unknown,
): Promise<Reply<unknown>> {
  if (!isChannelName(channelName)) {
    return {
      ok: false,
      error: { code: 'unknown-channel', message: `No such request: ${String(channelName)}` },
    };
  }
  const parsed = parseInput(channelName, raw);
  if (!parsed.ok) return parsed;
  try {
    const handler = handlers[channelName] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.input) };
  } catch (error) {
    return { ok: false, error: toContractError(error) };
  }
}

/** The readable part of a thrown value: its code (when it has one) and message, never its stack. */
export function toContractError(error: unknown): ContractError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : 'failed', message: error.message };
  }
  return { code: 'failed', message: String(error) };
}

/** Thrown in the renderer when a request came back as an error reply. */
export class GateRequestError extends Error {
  readonly code: string;
  constructor(error: ContractError) {
    super(error.message);
    this.name = 'GateRequestError';
    this.code = error.code;
  }
}

/** Turns a reply into its value, or throws its error. */
export function unwrapReply<T>(reply: Reply<T>): T {
  if (reply.ok) return reply.value;
  throw new GateRequestError(reply.error);
}
