import type { ReactNode } from 'react';
import type { ServerView, ServersView } from '../../../../shared/ipc/views';
import { ActionButton } from '../../components/action-button';
import { CopyButton } from '../../components/copy-button';
import { ToggleSwitch } from '../../components/toggle-switch';
import type { GateAction } from '../../hooks/use-gate-action';

const ORIGIN_LABELS: Readonly<Record<ServerView['origin'], string>> = {
  discovered: 'From the account',
  added: 'Added by you',
  'seen-in-traffic': 'Seen in traffic',
};

const ACCESS_LABELS: Readonly<Record<ServerView['access'], string>> = {
  allowed: 'Allowed',
  blocked: 'Blocked',
  'not-allowed': 'Not on the allow list',
};

/** The servers with an allow switch, copy buttons for their proxy URLs, and Remove for added ones. */
export function ServersTable({
  view,
  action,
  onView,
}: {
  readonly view: ServersView;
  readonly action: GateAction;
  onView(view: ServersView): void;
}): ReactNode {
  const setAllowed = async (name: string, allowed: boolean): Promise<void> => {
    const next = await action.run(
      'servers:setAllowed',
      { name, allowed },
      { key: `allow:${name}`, what: `${allowed ? 'allow' : 'block'} ${name}` },
    );
    if (next !== undefined) onView(next);
  };
  const remove = async (name: string): Promise<void> => {
    const next = await action.run(
      'servers:remove',
      { name },
      { key: `remove:${name}`, what: `remove ${name}` },
    );
    if (next !== undefined) onView(next);
  };

  return (
    <div className="table-scroll">
      <table className="servers-table">
        <thead>
          <tr>
            <th scope="col">Allow</th>
            <th scope="col">Name</th>
            <th scope="col">Product</th>
            <th scope="col">Origin</th>
            <th scope="col">Account</th>
            <th scope="col">Access</th>
            <th scope="col">Proxy URLs</th>
          </tr>
        </thead>
        <tbody>
          {view.servers.map((server) => (
            <tr
              key={`${server.profile}/${server.name}/${server.id ?? ''}`}
              data-server={server.name}
            >
              <td>
                <ToggleSwitch
                  checked={server.access === 'allowed'}
                  label={`Allow ${server.name}`}
                  busy={action.isPending(`allow:${server.name}`)}
                  onChange={(allowed) => void setAllowed(server.name, allowed)}
                />
              </td>
              <th scope="row">
                <span className="server-name">{server.name}</span>
                {server.id !== null && <small className="mono muted block">{server.id}</small>}
              </th>
              <td>{server.product ?? '—'}</td>
              <td>{ORIGIN_LABELS[server.origin]}</td>
              <td>
                <span className="mono">{server.accountId ?? '—'}</span>
                <small className="muted block">profile {server.profile}</small>
              </td>
              <td>
                <span className={`badge badge-access-${server.access}`}>
                  {ACCESS_LABELS[server.access]}
                </span>
              </td>
              <td className="actions">
                <CopyButton
                  small
                  label="Copy MCP URL"
                  ariaLabel={`Copy MCP URL of ${server.name}`}
                  text={server.mcpUrl}
                />
                <CopyButton
                  small
                  label="Copy SSE URL"
                  ariaLabel={`Copy SSE URL of ${server.name}`}
                  text={server.sseUrl}
                />
                {server.origin === 'added' && (
                  <ActionButton
                    className="btn-small"
                    tone="danger"
                    aria-label={`Remove ${server.name}`}
                    busy={action.isPending(`remove:${server.name}`)}
                    onClick={() => void remove(server.name)}
                  >
                    Remove
                  </ActionButton>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
