import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ActivityEntry } from '../../shared/activity';
import type { GuardPreset } from '../../shared/ipc/views';
import type { GuardRule } from '../../shared/settings';
import { EMPTY_RULES } from '../../shared/server-rules';
import type { AccessTokenSource } from '../../electron/core/auth/types';
import {
  createGuardBroker,
  type Asker,
  type GuardBroker,
} from '../../electron/core/guard/guard-broker';
import { createGuardSettingsSource } from '../../electron/core/guard/guard-settings';
import { createProxyGuard } from '../../electron/core/guard/proxy-guard';
import { createLogger } from '../../electron/core/logger';
import { startProxy, type RunningProxy } from '../../electron/core/proxy/proxy-server';
import { openSettings, type SettingsStore } from '../../electron/core/settings/settings-store';
import { completeSignIn, type LocalCloud, type MountedMcpServer } from '../fixtures/local-cloud';

/** Signs in at the local cloud through its real pages and returns an access token. */
export async function cloudAccessToken(cloud: LocalCloud): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const redirectUri = 'http://127.0.0.1:53682/callback';
  const url = new URL(cloud.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: cloud.clientId,
    redirect_uri: redirectUri,
    scope: cloud.scope,
    state: randomBytes(16).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    access_type: 'offline',
  }).toString();
  const { callbackUrl } = await completeSignIn(url.href, { followCallback: false });
  const response = await fetch(cloud.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: new URL(callbackUrl).searchParams.get('code') ?? '',
      client_id: cloud.clientId,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (body.access_token === undefined) throw new Error('the local cloud issued no access token');
  return body.access_token;
}

/** A token source that always hands out one token. */
export function fixedToken(token: string): AccessTokenSource {
  return {
    getAccessToken: () => Promise.resolve(token),
    refreshAfterRejection: () => Promise.resolve(token),
  };
}

/** How a guarded proxy under test is set up. */
export interface GuardedProxyOptions {
  readonly upstreamUrl: string;
  readonly tokens: AccessTokenSource;
  /** Where settings.json lives (a fresh temp folder by default). */
  readonly configDir?: string;
  readonly preset?: GuardPreset;
  readonly rules?: readonly GuardRule[];
  /** The `--guard` flag: wins over the settings file's preset. */
  readonly presetOverride?: GuardPreset;
  readonly asker?: Asker | null;
  readonly askTimeoutMs?: number;
  readonly keepAliveMs?: number;
  readonly filterBytes?: number;
  readonly requestBytes?: number;
}

/** A running proxy with a Guard, the settings it reads and what it recorded. */
export interface GuardedProxy {
  readonly proxy: RunningProxy;
  readonly broker: GuardBroker;
  readonly settings: SettingsStore;
  readonly configDir: string;
  readonly activity: ActivityEntry[];
  readonly logs: () => { msg: string; [key: string]: unknown }[];
  close(): Promise<void>;
}

/** Starts the proxy in front of `upstreamUrl` with a Guard whose settings live in `configDir`. */
export async function startGuardedProxy(options: GuardedProxyOptions): Promise<GuardedProxy> {
  const configDir = options.configDir ?? mkdtempSync(join(tmpdir(), 'mcp-gate-guard-'));
  const settings = openSettings(configDir);
  if (options.preset !== undefined || options.rules !== undefined) {
    settings.update((current) => ({
      ...current,
      guard: {
        ...current.guard,
        ...(options.preset === undefined ? {} : { preset: options.preset }),
        ...(options.rules === undefined ? {} : { rules: [...options.rules] }),
      },
    }));
  }
  const source = createGuardSettingsSource(settings, {
    presetOverride: options.presetOverride ?? null,
    checkIntervalMs: 0,
  });
  const broker = createGuardBroker({
    asker: options.asker === undefined ? null : options.asker,
    timeoutMs: () => options.askTimeoutMs ?? source.askTimeoutMs(),
    remember: (rule) => source.remember(rule),
  });
  const logText: string[] = [];
  const activity: ActivityEntry[] = [];
  const proxy = await startProxy({
    port: 0,
    upstreamUrl: options.upstreamUrl,
    tokens: options.tokens,
    rules: () => EMPTY_RULES,
    logger: createLogger({
      level: 'debug',
      destination: { write: (line: string) => void logText.push(line) },
    }),
    activity: { append: (entry) => void activity.push(entry) },
    guard: createProxyGuard({
      policy: () => source.policy(),
      ask: (input, signal) => broker.ask(input, signal),
      askTimeoutMs: () => options.askTimeoutMs ?? source.askTimeoutMs(),
      ...(options.keepAliveMs === undefined ? {} : { keepAliveMs: options.keepAliveMs }),
      ...(options.filterBytes === undefined ? {} : { filterBytes: options.filterBytes }),
      ...(options.requestBytes === undefined ? {} : { requestBytes: options.requestBytes }),
    }),
  });
  return {
    proxy,
    broker,
    settings,
    configDir,
    activity,
    logs: () => logText.map((line) => JSON.parse(line) as { msg: string }),
    close: async () => {
      broker.close();
      await proxy.close();
    },
  };
}

/** Connects an SDK client to `url` over Streamable HTTP or the legacy SSE transport. */
export async function connectClient(url: string, transport: 'http' | 'sse'): Promise<Client> {
  const client = new Client({ name: 'guard-test-client', version: '1.0.0' });
  await client.connect(
    transport === 'http'
      ? new StreamableHTTPClientTransport(new URL(url))
      : new SSEClientTransport(new URL(url)),
  );
  return client;
}

/** The local cloud's server of that name. */
export function serverNamed(cloud: LocalCloud, name: string): MountedMcpServer {
  const found = cloud.servers.find((server) => server.name === name);
  if (found === undefined) throw new Error(`the local cloud has no server ${name}`);
  return found;
}

/** The text of a tool result's first content item. */
export function resultText(result: unknown): string {
  const content = (result as { content?: readonly { type: string; text?: string }[] }).content;
  return content?.[0]?.text ?? '';
}
