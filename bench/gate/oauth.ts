import {
  OAUTH_PATHS,
  PUBLIC_CLIENT_ID,
  startAuthorizationServer,
} from '../../test/fixtures/local-cloud/authorization-server';
import { completeSignIn } from '../../test/fixtures/local-cloud/sign-in';
import type { Cleanup } from '../infra/cleanup';

/** The local cloud's OAuth server (oidc-provider on Alibaba's paths), as the gate uses it. */
export interface OAuthServer {
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string;
  readonly clientId: string;
  /** Every access token issued so far, in order. */
  readonly issuedAccessTokens: readonly string[];
  /** Logs in and consents on the real pages from `authorizationUrl`, then follows the loopback callback. */
  signIn(authorizationUrl: string): Promise<void>;
}

/** Access tokens live a day, so no refresh happens during a run. */
export const ACCESS_TOKEN_TTL_S = 24 * 3600;

/** Starts the OAuth server in the harness process (it is idle while load runs). */
export async function startOAuth(cleanup: Cleanup): Promise<OAuthServer> {
  const auth = await startAuthorizationServer({ accessTokenTtlSeconds: ACCESS_TOKEN_TTL_S });
  cleanup.add(() => auth.close());
  return {
    authorizeUrl: auth.issuer + OAUTH_PATHS.authorization,
    tokenUrl: auth.issuer + OAUTH_PATHS.token,
    revokeUrl: auth.issuer + OAUTH_PATHS.revocation,
    clientId: PUBLIC_CLIENT_ID,
    issuedAccessTokens: auth.issuedAccessTokens,
    async signIn(authorizationUrl) {
      const result = await completeSignIn(authorizationUrl);
      if (result.callbackStatus !== 200) {
        throw new Error(
          `Sign-in callback answered ${String(result.callbackStatus)}: ${result.callbackBody ?? ''}`,
        );
      }
    },
  };
}
