import type { ReactNode } from 'react';
import { AccountPage } from '../pages/account/account-page';
import { ActivityPage } from '../pages/activity/activity-page';
import { ClientsPage } from '../pages/clients/clients-page';
import { GuardPage } from '../pages/guard/guard-page';
import { ProxyPage } from '../pages/proxy/proxy-page';
import { ServersPage } from '../pages/servers/servers-page';
import type { PageId } from './pages';

/** The component of one page. */
export function CurrentPage({ page }: { readonly page: PageId }): ReactNode {
  switch (page) {
    case 'account':
      return <AccountPage />;
    case 'servers':
      return <ServersPage />;
    case 'clients':
      return <ClientsPage />;
    case 'guard':
      return <GuardPage />;
    case 'activity':
      return <ActivityPage />;
    case 'proxy':
      return <ProxyPage />;
  }
}
