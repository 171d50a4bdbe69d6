import type { ReactNode } from 'react';
import { useAppStatus } from '../../app/status-context';
import { PageFrame } from '../../components/page-frame';
import { QueryStatus } from '../../components/query-status';
import { useGateAction } from '../../hooks/use-gate-action';
import { useGateEvent } from '../../hooks/use-gate-event';
import { useGateQuery } from '../../hooks/use-gate-query';
import { ProfileForm } from './profile-form';
import { ProfilesTable } from './profiles-table';
import { SignInCard } from './sign-in-card';

/** The Account page: sign-in state, profiles, and the profile form. */
export function AccountPage(): ReactNode {
  const status = useAppStatus();
  const account = useGateQuery('account:get', {});
  const action = useGateAction();
  useGateEvent('status:changed', () => void account.reload());

  const refresh = (): void => {
    void status.reload();
    void account.reload();
  };

  return (
    <PageFrame
      title="Account"
      intro="Sign in to Alibaba Cloud once; the proxy then adds a fresh access token to every MCP request."
    >
      {status.data !== undefined && (
        <SignInCard status={status.data} action={action} onChanged={refresh} />
      )}
      <QueryStatus query={account} what="the profiles" />
      {account.data !== undefined && (
        <>
          <ProfilesTable account={account.data} action={action} onAccount={account.set} />
          <ProfileForm
            key={account.data.current}
            account={account.data}
            action={action}
            onAccount={account.set}
          />
        </>
      )}
    </PageFrame>
  );
}
