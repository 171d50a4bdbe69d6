import type { Settings } from './settings';

/**
 * Which profile owns which Alibaba Cloud account uid: a profile's own `accountId` first, then
 * the accounts of the servers stored for it. An account claimed by two profiles stays with the
 * first claim and is reported, so one account's token is never sent for another's path.
 */
export function accountOwners(settings: Settings): {
  readonly owners: ReadonlyMap<string, string>;
  readonly conflicts: readonly { readonly account: string; readonly profiles: readonly string[] }[];
} {
  const owners = new Map<string, string>();
  const claims = new Map<string, Set<string>>();
  const claim = (account: string | null | undefined, profile: string): void => {
    if (account === null || account === undefined) return;
    if (!owners.has(account)) owners.set(account, profile);
    const set = claims.get(account) ?? new Set<string>();
    set.add(profile);
    claims.set(account, set);
  };
  for (const [profile, p] of Object.entries(settings.profiles)) claim(p.accountId, profile);
  for (const server of settings.servers) claim(server.accountId, server.profile);
  const conflicts = [...claims]
    .filter(([, profiles]) => profiles.size > 1)
    .map(([account, profiles]) => ({ account, profiles: [...profiles] }));
  return { owners, conflicts };
}

/** The profile whose token a request to `account` gets: its owner, else the default profile. */
export function profileForAccount(
  account: string | null,
  owners: ReadonlyMap<string, string>,
  defaultProfile: string,
): string {
  return account === null ? defaultProfile : (owners.get(account) ?? defaultProfile);
}
