import { createTokenSession } from '../../core/auth/session';
import { createTokenClient } from '../../core/auth/token-client';
import { openContext, openEndpoints, openVault } from '../context';
import type { CommonFlags } from '../config';

/** `mcp-gate logout`: revoke the refresh token (RFC 7009) and delete it locally, even when offline. */
export async function runLogout(flags: CommonFlags): Promise<void> {
  const context = openContext(flags);
  const { config, logger } = context;
  const vault = await openVault(context);
  if ((await vault.get(config.profile)) === null) {
    process.stdout.write(`Profile "${config.profile}" is not signed in; nothing to do.\n`);
    return;
  }
  const endpoints = await openEndpoints(context);
  const tokenClient = createTokenClient({ endpoints, clientId: config.clientId ?? '' });
  const session = createTokenSession({ profile: config.profile, vault, tokenClient, logger });
  const { revoked } = await session.signOut();
  process.stdout.write(
    revoked
      ? `Signed out (profile "${config.profile}"): the refresh token was revoked and deleted.\n`
      : `Signed out (profile "${config.profile}"): the refresh token was deleted from this machine, but the authorization server could not be reached to revoke it; revoke it in the RAM console if it may have leaked.\n`,
  );
}
