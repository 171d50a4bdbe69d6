// A stand-in AppService for the Electron shell's unit tests: handlers that record their calls,
// a status the test sets, and events the test emits.
import type { AppService } from '../../electron/core/app/app-service-types';
import {
  CHANNELS,
  type ChannelName,
  type ContractHandlers,
  type EventName,
  type EventPayloads,
} from '../../shared/ipc/contract';
import type {
  AppStatus,
  ClientView,
  ProxyView,
  ServersView,
  ServerView,
} from '../../shared/ipc/views';

/** An app status with test defaults: signed in on cn, proxy running on 127.0.0.1:8088. */
export function statusOf(
  change: Omit<Partial<AppStatus>, 'proxy'> & { readonly proxy?: Partial<ProxyView> } = {},
): AppStatus {
  const { proxy, ...rest } = change;
  return {
    version: '0.1.0',
    profile: 'default',
    site: 'cn',
    accountId: '1234567890123456',
    session: 'signed-in',
    sessionError: null,
    signInInProgress: false,
    authorizationUrl: null,
    tray: 'ready',
    ...rest,
    proxy: {
      state: 'running',
      url: 'http://127.0.0.1:8088',
      host: '127.0.0.1',
      port: 8088,
      error: null,
      ...proxy,
    },
  };
}

/** A server row with test defaults. */
export function serverOf(name: string, access: ServerView['access'] = 'allowed'): ServerView {
  return {
    name,
    id: `id-${name}`,
    product: null,
    origin: 'discovered',
    profile: 'default',
    accountId: '1234567890123456',
    access,
    mcpUrl: `http://127.0.0.1:8088/accounts/1/custom/${name}/id/x/mcp`,
    sseUrl: `http://127.0.0.1:8088/accounts/1/custom/${name}/id/x/sse`,
  };
}

/** A servers view of some rows. */
export function serversOf(
  servers: readonly ServerView[],
  discoveryError: string | null = null,
): ServersView {
  return {
    servers,
    allowedServers: [],
    blockedServers: [],
    unknownRuleEntries: [],
    discoveryError,
  };
}

/** A client row with test defaults. */
export function clientOf(
  id: ClientView['id'],
  name: string,
  state: ClientView['state'],
  detected = true,
): ClientView {
  return {
    id,
    name,
    kind: 'file',
    detected,
    configPath: `/home/u/.${id}/mcp.json`,
    state,
    problem: null,
    staleEntries: [],
    hasKey: false,
    hasDeepLink: false,
    reload: 'Restart it.',
  };
}

/** One recorded handler call. */
export interface HandlerCall {
  readonly channel: ChannelName;
  readonly input: unknown;
}

/** The stand-in service and its test controls. */
export interface FakeAppService extends AppService {
  readonly calls: HandlerCall[];
  /** What a handler answers, by channel (default: `{ ok: channel }`); an Error is thrown. */
  readonly answers: Map<ChannelName, unknown>;
  currentStatus: AppStatus;
  currentServers: ServersView;
  currentClients: readonly ClientView[];
  started: number;
  stopped: number;
  /** When set, stop() waits for this promise. */
  stopGate: Promise<void> | null;
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
  listenerCount(event: EventName): number;
}

/** Creates the stand-in service. */
export function createFakeService(): FakeAppService {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const calls: HandlerCall[] = [];
  const answers = new Map<ChannelName, unknown>();
  const handlers = Object.fromEntries(
    (Object.keys(CHANNELS) as ChannelName[]).map((channel) => [
      channel,
      async (input: unknown) => {
        calls.push({ channel, input });
        const answer = answers.has(channel) ? answers.get(channel) : { ok: channel };
        if (answer instanceof Error) throw answer;
        return answer;
      },
    ]),
  ) as unknown as ContractHandlers;
  const service: FakeAppService = {
    calls,
    answers,
    currentStatus: statusOf(),
    currentServers: serversOf([]),
    currentClients: [],
    started: 0,
    stopped: 0,
    stopGate: null,
    handlers,
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => void set.delete(listener as (payload: never) => void);
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) {
        (listener as (value: typeof payload) => void)(payload);
      }
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
    status: () => service.currentStatus,
    servers: async () => service.currentServers,
    clients: async () => service.currentClients,
    async start() {
      service.started += 1;
    },
    async stop() {
      service.stopped += 1;
      if (service.stopGate !== null) await service.stopGate;
    },
  };
  return service;
}
