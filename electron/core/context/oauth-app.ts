import { SITES } from '../../../shared/sites';
import { ensureOAuthApp } from '../cloud/oauth-app';
import { createOpenApiClient, IMS_ENDPOINTS } from '../cloud/openapi-client';
import { UserError } from '../errors';
import { lookupAccessKey, type AccessKeyDeps } from './access-key';
import type { GateContext } from './gate-context';

/**
 * The OAuth client id to sign in with: `--oauth-client-id` (or the remembered one), else the
 * RAM NativeApp found or created with an AccessKey and checked against `redirectUri` — so a
 * wrong app or an unknown redirect URI is reported before any browser opens.
 */
export async function resolveClientId(
  context: GateContext,
  redirectUri: string,
  deps: AccessKeyDeps & { readonly report?: (line: string) => void } = {},
): Promise<string> {
  const { config } = context;
  if (config.clientId !== null) return config.clientId;
  const lookup = await lookupAccessKey(context, deps);
  if (lookup.found === null) {
    throw new UserError(
      'no-client-id',
      'No OAuth client id: pass --oauth-client-id <AppId of a RAM OAuth application of type NativeApp>, or provide an AccessKey (ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or `aliyun configure`) so MCP Gate can find or create its OAuth application.',
    );
  }
  const site = config.site === 'custom' ? null : config.site;
  const imsUrl = config.imsUrl ?? (site === null ? null : IMS_ENDPOINTS[site]);
  const mcpUrl = config.overrides.upstreamUrl ?? (site === null ? null : SITES[site].upstreamUrl);
  if (imsUrl === null || mcpUrl === null) {
    throw new UserError(
      'bad-flag',
      'With --site custom and no --oauth-client-id, give --ims-url (and --upstream-url) so the OAuth application can be found.',
    );
  }
  const client = createOpenApiClient({
    credentials: lookup.found.credentials,
    endpoints: { imsUrl, mcpUrl },
    ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
  });
  const app = await ensureOAuthApp(client, {
    ...(config.oauthAppName === null ? {} : { appName: config.oauthAppName }),
    redirectUri,
  });
  const report = deps.report ?? ((line: string) => void process.stdout.write(`${line}\n`));
  report(
    `${app.created ? 'Created' : 'Using'} the RAM OAuth application "${app.app.appName}" (AppId ${app.clientId}); AccessKey from ${lookup.found.source}.`,
  );
  return app.clientId;
}
