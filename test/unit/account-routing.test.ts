import { describe, expect, it } from 'vitest';
import { accountOwners, profileForAccount } from '../../shared/account-routing';
import { SettingsSchema } from '../../shared/settings';

const server = (profile: string, accountId: string | null, name: string) => ({
  name,
  sourceType: 'custom' as const,
  accountId,
  paths: {
    mcp: `/accounts/${accountId}/custom/${name}/id/x/mcp`,
    sse: `/accounts/${accountId}/custom/${name}/id/x/sse`,
  },
  origin: 'added' as const,
  profile,
});

const settings = SettingsSchema.parse({
  profiles: { default: { site: 'cn' }, work: { site: 'cn', accountId: '222' } },
  servers: [
    server('default', '111', 'a'),
    server('work', '333', 'b'),
    server('default', '222', 'c'),
  ],
});

describe('account routing', () => {
  const { owners, conflicts } = accountOwners(settings);

  it.each([
    ['111', 'default'],
    ['222', 'work'], // the profile's own accountId wins over a server stored for another profile
    ['333', 'work'],
    ['999', 'default'], // unknown account → the default profile
    [null, 'default'], // a path without /accounts/<uid>
  ])('account %s → profile %s', (account, profile) => {
    expect(profileForAccount(account, owners, 'default')).toBe(profile);
  });

  it('reports an account claimed by two profiles', () => {
    expect(conflicts).toEqual([{ account: '222', profiles: ['work', 'default'] }]);
  });
});
