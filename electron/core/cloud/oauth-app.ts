import { z } from 'zod';
import { MCP_SCOPE } from '../../../shared/sites';
import { UserError } from '../errors';
import type { OpenApiClient } from './openapi-client';

/** The name MCP Gate gives (and looks for) its RAM OAuth application. */
export const DEFAULT_OAUTH_APP_NAME = 'mcp-gate';
/** OAuth protocol version of the apps MCP Gate creates (PKCE, public client). */
export const OAUTH_PROTOCOL_VERSION = '2.1';
/** Access-token lifetime of created apps, in seconds (the IMS maximum, as `aliyun mcp-proxy` uses). */
export const ACCESS_TOKEN_VALIDITY = 10800;
/** Refresh-token lifetime of created apps, in seconds (one year, the IMS maximum). */
export const REFRESH_TOKEN_VALIDITY = 31536000;

/** A RAM OAuth application as IMS describes it, flattened. */
export interface OAuthApp {
  readonly appId: string;
  readonly appName: string;
  readonly displayName: string;
  readonly appType: string;
  readonly redirectUris: readonly string[];
  readonly scopes: readonly string[];
  /** Only when IMS reports it; the documented responses do not include it. */
  readonly protocolVersion: string | null;
}

/** One thing that keeps an app from serving as MCP Gate's OAuth client. */
export type AppProblem =
  | { readonly kind: 'not-native'; readonly appType: string }
  | { readonly kind: 'missing-scope' }
  | { readonly kind: 'protocol'; readonly version: string }
  | {
      readonly kind: 'missing-redirect';
      readonly redirectUri: string;
      /** Ports of loopback `/callback` URIs the app already has on the same host. */
      readonly knownPorts: readonly number[];
    };

/** What ensureOAuthApp needs. */
export interface EnsureOAuthAppOptions {
  /** AppName or DisplayName to look for (default `mcp-gate`). */
  readonly appName?: string;
  /** The exact loopback redirect URI, `http://127.0.0.1:<port>/callback`. */
  readonly redirectUri: string;
  /** Create the app when none has the name (default true). */
  readonly create?: boolean;
}

/** The OAuth client to sign in with. */
export interface EnsuredOAuthApp {
  readonly clientId: string;
  readonly created: boolean;
  readonly app: OAuthApp;
}

const ImsApplicationSchema = z.looseObject({
  AppId: z.string().min(1),
  AppName: z.string().default(''),
  DisplayName: z.string().default(''),
  AppType: z.string().default(''),
  ProtocolVersion: z.union([z.string(), z.number()]).optional(),
  RedirectUris: z.looseObject({ RedirectUri: z.array(z.string()).default([]) }).optional(),
  DelegatedScope: z
    .looseObject({
      PredefinedScopes: z
        .looseObject({
          PredefinedScope: z.array(z.looseObject({ Name: z.string() })).default([]),
        })
        .optional(),
    })
    .optional(),
});
const ListApplicationsSchema = z.looseObject({
  Applications: z.looseObject({ Application: z.array(z.unknown()).default([]) }).optional(),
});
const SingleApplicationSchema = z.looseObject({ Application: z.unknown() });

/** Reads one IMS `Application` object; null when it lacks an AppId. */
export function parseImsApplication(raw: unknown): OAuthApp | null {
  const parsed = ImsApplicationSchema.safeParse(raw);
  if (!parsed.success) return null;
  const app = parsed.data;
  return {
    appId: app.AppId,
    appName: app.AppName,
    displayName: app.DisplayName,
    appType: app.AppType,
    redirectUris: app.RedirectUris?.RedirectUri ?? [],
    scopes: app.DelegatedScope?.PredefinedScopes?.PredefinedScope.map((s) => s.Name) ?? [],
    protocolVersion: app.ProtocolVersion === undefined ? null : String(app.ProtocolVersion),
  };
}

/** Checks an app against what sign-in needs: NativeApp, scope `/acs/mcp-server`, protocol 2.1, the exact redirect URI. */
export function checkOAuthApp(app: OAuthApp, redirectUri: string): AppProblem[] {
  const problems: AppProblem[] = [];
  if (app.appType !== 'NativeApp')
    problems.push({ kind: 'not-native', appType: app.appType || 'unknown type' });
  if (!app.scopes.includes(MCP_SCOPE)) problems.push({ kind: 'missing-scope' });
  if (app.protocolVersion !== null && app.protocolVersion !== OAUTH_PROTOCOL_VERSION) {
    problems.push({ kind: 'protocol', version: app.protocolVersion });
  }
  if (!app.redirectUris.includes(redirectUri)) {
    problems.push({
      kind: 'missing-redirect',
      redirectUri,
      knownPorts: loopbackPorts(app, redirectUri),
    });
  }
  return problems;
}

/** One UserError naming every problem of the app and how to fix each. */
export function appProblemsError(app: OAuthApp, problems: readonly AppProblem[]): UserError {
  const label = `The RAM OAuth application "${app.appName || app.displayName}" (AppId ${app.appId})`;
  const not = problems.find((p) => p.kind === 'not-native');
  if (not !== undefined) {
    return new UserError(
      'oauth-app-wrong-type',
      `${label} is a ${not.appType}, not a NativeApp: choose another name with --oauth-app-name (MCP Gate then creates a NativeApp), or delete it in the RAM console (OAuth Applications) and start again.`,
    );
  }
  const parts = problems.map((problem) => describeProblem(app, problem));
  return new UserError(
    problems.some((p) => p.kind === 'missing-redirect') && problems.length === 1
      ? 'oauth-app-redirect-uri'
      : 'oauth-app-misconfigured',
    `${label} cannot be used yet: ${parts.join(' Also, ')}`,
  );
}

/** Finds the named NativeApp, checks it, and creates it when missing; throws a UserError naming the fix when it is unusable. */
export async function ensureOAuthApp(
  client: Pick<OpenApiClient, 'callIms'>,
  options: EnsureOAuthAppOptions,
): Promise<EnsuredOAuthApp> {
  const name = options.appName ?? DEFAULT_OAUTH_APP_NAME;
  const existing = await findOAuthApp(client, name);
  if (existing !== null) {
    const app = await getOAuthApp(client, existing.appId);
    const problems = checkOAuthApp(app, options.redirectUri);
    if (problems.length > 0) throw appProblemsError(app, problems);
    return { clientId: app.appId, created: false, app };
  }
  if (options.create === false) {
    throw new UserError(
      'oauth-app-not-found',
      `No RAM OAuth application named "${name}" exists: create a NativeApp with that name, scope ${MCP_SCOPE} and redirect URI ${options.redirectUri} in the RAM console, or pass --oauth-client-id.`,
    );
  }
  const app = await createOAuthApp(client, name, options.redirectUri);
  return { clientId: app.appId, created: true, app };
}

/** Finds an app whose AppName (preferred) or DisplayName equals `name`. */
export async function findOAuthApp(
  client: Pick<OpenApiClient, 'callIms'>,
  name: string,
): Promise<OAuthApp | null> {
  const body = ListApplicationsSchema.safeParse(await client.callIms('ListApplications'));
  if (!body.success) throw badAnswer('ListApplications');
  const apps = (body.data.Applications?.Application ?? [])
    .map(parseImsApplication)
    .filter((app): app is OAuthApp => app !== null);
  return (
    apps.find((app) => app.appName === name) ?? apps.find((app) => app.displayName === name) ?? null
  );
}

/** Reads one app by AppId (`GetApplication`). */
export async function getOAuthApp(
  client: Pick<OpenApiClient, 'callIms'>,
  appId: string,
): Promise<OAuthApp> {
  const body = SingleApplicationSchema.safeParse(
    await client.callIms('GetApplication', { AppId: appId }, 'GET'),
  );
  const app = body.success ? parseImsApplication(body.data.Application) : null;
  if (app === null) throw badAnswer('GetApplication');
  return app;
}

/** The `CreateApplication` parameters of MCP Gate's NativeApp. */
export function createApplicationParams(name: string, redirectUri: string): Record<string, string> {
  return {
    AppName: name,
    DisplayName: name.slice(0, 24),
    AppType: 'NativeApp',
    RedirectUris: redirectUri,
    PredefinedScopes: MCP_SCOPE,
    ProtocolVersion: OAUTH_PROTOCOL_VERSION,
    AccessTokenValidity: String(ACCESS_TOKEN_VALIDITY),
    RefreshTokenValidity: String(REFRESH_TOKEN_VALIDITY),
    IsMultiTenant: 'false',
    SecretRequired: 'false',
  };
}

async function createOAuthApp(
  client: Pick<OpenApiClient, 'callIms'>,
  name: string,
  redirectUri: string,
): Promise<OAuthApp> {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) {
    throw new UserError(
      'bad-flag',
      `--oauth-app-name must be 1 to 64 letters, digits, ".", "_" or "-" to create an app (got "${name.slice(0, 64)}").`,
    );
  }
  const body = SingleApplicationSchema.safeParse(
    await client.callIms('CreateApplication', createApplicationParams(name, redirectUri)),
  );
  const app = body.success ? parseImsApplication(body.data.Application) : null;
  if (app === null) throw badAnswer('CreateApplication');
  return app;
}

function describeProblem(app: OAuthApp, problem: AppProblem): string {
  switch (problem.kind) {
    case 'not-native':
      return `it is a ${problem.appType}, not a NativeApp.`;
    case 'missing-scope':
      return `it lacks the OAuth scope ${MCP_SCOPE}: add it in the RAM console (OAuth Applications → ${app.appName} → OAuth scopes), or run \`aliyun ims UpdateApplication --AppId ${app.appId} --NewPredefinedScopes "${[...app.scopes, MCP_SCOPE].join(';')}"\`.`;
    case 'protocol':
      return `it uses OAuth protocol ${problem.version}, MCP Gate needs ${OAUTH_PROTOCOL_VERSION} (PKCE): choose another name with --oauth-app-name so that MCP Gate creates a new app.`;
    case 'missing-redirect': {
      const uris = [...app.redirectUris, problem.redirectUri].join(';');
      const ports =
        problem.knownPorts.length === 0
          ? ''
          : `, or start with --port ${problem.knownPorts.join(' or --port ')}, which it already allows`;
      return `its redirect URIs do not include ${problem.redirectUri} (it has ${app.redirectUris.length === 0 ? 'none' : app.redirectUris.join(', ')}): add that URI in the RAM console (OAuth Applications → ${app.appName} → callback URLs), or run \`aliyun ims UpdateApplication --AppId ${app.appId} --NewRedirectUris "${uris}"\`${ports}.`;
    }
  }
}

function loopbackPorts(app: OAuthApp, redirectUri: string): number[] {
  let wanted: URL;
  try {
    wanted = new URL(redirectUri);
  } catch {
    return [];
  }
  const ports = new Set<number>();
  for (const uri of app.redirectUris) {
    try {
      const url = new URL(uri);
      if (
        url.protocol === wanted.protocol &&
        url.hostname === wanted.hostname &&
        url.pathname === wanted.pathname &&
        url.port !== ''
      ) {
        ports.add(Number(url.port));
      }
    } catch {
      // not a URL: nothing to suggest
    }
  }
  return [...ports].sort((a, b) => a - b);
}

function badAnswer(action: string): UserError {
  return new UserError(
    'cloud-bad-answer',
    `IMS answered ${action} with an unexpected shape: check the IMS endpoint setting.`,
  );
}
