import { accountOwners, profileForAccount } from '../../../shared/account-routing';
import { createTokenSession } from '../auth/session';
import { createTokenClient } from '../auth/token-client';
import type { AccessTokenSource, TokenVault } from '../auth/types';
import { SignedOutError } from '../errors';
import { endpointsFor, type GateContext } from './gate-context';

/** How the proxy picks a token per request, and what it tells the user about it at start-up. */
export interface ProfileRouting {
  readonly tokensFor: (account: string | null) => AccessTokenSource;
  /** The profile whose token a request to `account` gets. */
  readonly profileFor: (account: string | null) => string;
  /** Lines for the start-up banner: which account goes to which profile, and what was skipped. */
  readonly lines: readonly string[];
}

/**
 * Routes `/accounts/<uid>/…` to the profile that owns that account (its `accountId`, or its
 * stored servers), else to the default profile. An account owned by a profile that cannot be
 * used gets a signed-out error naming `mcp-gate login --profile <name>`: it never receives
 * another account's token.
 */
export async function openProfileRouting(
  context: GateContext,
  vault: TokenVault,
  defaultTokens: AccessTokenSource,
  upstreamUrl: string,
): Promise<ProfileRouting> {
  const { config, logger } = context;
  const settings = context.settings.read();
  const { owners, conflicts } = accountOwners(settings);
  const sources = new Map<string, AccessTokenSource>([[config.profile, defaultTokens]]);
  const lines: string[] = [];
  const unusable = (profile: string, why: string): AccessTokenSource => {
    const fail = (): Promise<string> =>
      Promise.reject(
        new SignedOutError(
          `This path belongs to profile "${profile}", which ${why}: run \`mcp-gate login --profile ${profile}\`.`,
        ),
      );
    return { getAccessToken: fail, refreshAfterRejection: fail };
  };
  for (const profile of new Set(owners.values())) {
    if (sources.has(profile)) continue;
    const stored = settings.profiles[profile];
    if (stored?.oauthClientId === undefined) {
      sources.set(profile, unusable(profile, 'has never signed in'));
      continue;
    }
    if ((await vault.get(profile)) === null) {
      sources.set(profile, unusable(profile, 'is not signed in'));
      continue;
    }
    const endpoints = await endpointsFor(stored.site, {
      authorizeUrl: stored.authorizeUrl,
      tokenUrl: stored.tokenUrl,
      revokeUrl: stored.revokeUrl,
      upstreamUrl: stored.upstreamUrl,
    });
    if (endpoints.upstreamUrl !== upstreamUrl) {
      sources.set(profile, unusable(profile, `uses another upstream (${endpoints.upstreamUrl})`));
      continue;
    }
    const tokenClient = createTokenClient({ endpoints, clientId: stored.oauthClientId });
    sources.set(profile, createTokenSession({ profile, vault, tokenClient, logger }));
  }
  for (const [account, profile] of owners) {
    if (profile !== config.profile) lines.push(`  Account ${account} → profile ${profile}`);
  }
  for (const c of conflicts) {
    lines.push(
      `  Warning: account ${c.account} is claimed by profiles ${c.profiles.join(', ')}; it goes to ${c.profiles[0] ?? ''}.`,
    );
  }
  const profileFor = (account: string | null): string =>
    profileForAccount(account, owners, config.profile);
  return {
    tokensFor: (account) => sources.get(profileFor(account)) ?? defaultTokens,
    profileFor,
    lines,
  };
}
