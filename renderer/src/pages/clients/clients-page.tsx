import type { ReactNode } from 'react';
import { ActionButton } from '../../components/action-button';
import { EmptyState } from '../../components/empty-state';
import { PageFrame } from '../../components/page-frame';
import { QueryStatus } from '../../components/query-status';
import { useGateAction } from '../../hooks/use-gate-action';
import { useGateEvent } from '../../hooks/use-gate-event';
import { useGateQuery } from '../../hooks/use-gate-query';
import { ClientRow } from './client-row';

/** The Clients page: the AI clients on this computer and their MCP Gate entries. */
export function ClientsPage(): ReactNode {
  const clients = useGateQuery('clients:list', {});
  const action = useGateAction();
  useGateEvent('clients:changed', () => void clients.reload());
  const list = clients.data;
  const detected = list?.filter((client) => client.detected) ?? [];
  const others = list?.filter((client) => !client.detected) ?? [];

  return (
    <PageFrame
      title="Clients"
      intro="Configure writes MCP Gate's entries into a client's own config file, keeping everything else; Remove takes out exactly what was added."
    >
      <QueryStatus query={clients} what="the clients" />
      {list !== undefined && (
        <>
          <div className="button-row">
            <ActionButton busy={clients.loading} onClick={() => void clients.reload()}>
              Check again
            </ActionButton>
          </div>
          {detected.length === 0 && (
            <EmptyState title="No AI client found on this computer.">
              <p>
                Install one (Cursor, VS Code, Cline, Claude…) and press Check again — or configure
                one below anyway: MCP Gate creates its config file.
              </p>
            </EmptyState>
          )}
          <ul className="client-list">
            {[...detected, ...others].map((client) => (
              <ClientRow
                key={client.id}
                client={client}
                action={action}
                onClients={clients.set}
                onChanged={() => void clients.reload()}
              />
            ))}
          </ul>
        </>
      )}
    </PageFrame>
  );
}
