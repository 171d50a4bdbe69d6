import type { ReactNode } from 'react';
import { ActionButton } from '../../components/action-button';
import { EmptyState } from '../../components/empty-state';
import { PageFrame } from '../../components/page-frame';
import { PageSection } from '../../components/page-section';
import { QueryStatus } from '../../components/query-status';
import { useGateAction } from '../../hooks/use-gate-action';
import { useGateEvent } from '../../hooks/use-gate-event';
import { useGateQuery } from '../../hooks/use-gate-query';
import { AddServerForm } from './add-server-form';
import { ServerRulesForm } from './server-rules-form';
import { ServersTable } from './servers-table';

/** The Servers page: which MCP servers clients may reach through the proxy. */
export function ServersPage(): ReactNode {
  const servers = useGateQuery('servers:list', {});
  const action = useGateAction();
  useGateEvent('servers:changed', () => void servers.reload());

  const refresh = async (): Promise<void> => {
    const next = await action.run('servers:refresh', {}, { what: 'refresh the server list' });
    if (next !== undefined) servers.set(next);
  };
  const view = servers.data;

  return (
    <PageFrame
      title="Servers"
      intro="The account's OpenAPI MCP servers. Switch one off and the proxy refuses requests to it (403)."
    >
      <QueryStatus query={servers} what="the servers" />
      {view !== undefined && (
        <>
          {view.discoveryError !== null && (
            <div className="callout callout-warn" role="alert">
              <strong>The account's server list could not be read.</strong> {view.discoveryError}
            </div>
          )}
          {view.unknownRuleEntries.length > 0 && (
            <div className="callout callout-warn" role="alert">
              <strong>
                {view.unknownRuleEntries.length === 1
                  ? 'A rule entry matches no known server:'
                  : 'Some rule entries match no known server:'}
              </strong>{' '}
              <span className="mono">{view.unknownRuleEntries.join(', ')}</span>. Check them for
              typos below — a mistyped allow entry may block more than you meant.
            </div>
          )}
          <PageSection
            title="MCP servers"
            actions={
              <ActionButton
                busy={action.isPending('servers:refresh')}
                onClick={() => void refresh()}
              >
                Refresh
              </ActionButton>
            }
          >
            {view.servers.length === 0 ? (
              <EmptyState title="No servers known yet.">
                <p>
                  Press Refresh to list the account's servers (this needs an AccessKey), or add one
                  below with the endpoint URL copied from the OpenAPI MCP console. Servers that
                  clients reach through the proxy appear here too.
                </p>
              </EmptyState>
            ) : (
              <ServersTable view={view} action={action} onView={servers.set} />
            )}
          </PageSection>
          <ServerRulesForm
            key={`${view.allowedServers.join('\n')}|${view.blockedServers.join('\n')}`}
            view={view}
            action={action}
            onView={servers.set}
          />
          <AddServerForm action={action} onView={servers.set} />
        </>
      )}
    </PageFrame>
  );
}
