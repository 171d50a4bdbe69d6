import type { ReactNode } from 'react';
import { useAppStatus } from '../../app/status-context';
import { PageFrame } from '../../components/page-frame';
import { QueryStatus } from '../../components/query-status';
import { useGateAction } from '../../hooks/use-gate-action';
import { useGateQuery } from '../../hooks/use-gate-query';
import { ProxySettingsForm } from './proxy-settings-form';
import { ProxyStateCard } from './proxy-state-card';

/** The Proxy page: where it listens and how strict it is. */
export function ProxyPage(): ReactNode {
  const proxy = useGateQuery('proxy:get', {});
  const status = useAppStatus();
  const action = useGateAction();
  const view = proxy.data;
  const live = status.data?.proxy ?? view?.proxy;

  return (
    <PageFrame
      title="Proxy"
      intro="The local proxy AI clients talk to. It adds your access token to each request and checks where requests come from."
    >
      <QueryStatus query={proxy} what="the proxy settings" />
      {view !== undefined && live !== undefined && (
        <>
          <ProxyStateCard
            proxy={live}
            logsFolder={view.logsFolder}
            action={action}
            onProxy={() => void status.reload()}
          />
          <ProxySettingsForm
            key={JSON.stringify(view.settings)}
            view={view}
            action={action}
            onView={(next) => {
              proxy.set(next);
              void status.reload();
            }}
          />
        </>
      )}
    </PageFrame>
  );
}
