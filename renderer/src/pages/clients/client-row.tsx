import { useState, type ReactNode } from 'react';
import type { ClientEditView, ClientSnippetView, ClientView } from '../../../../shared/ipc/views';
import { ActionButton } from '../../components/action-button';
import { CopyButton } from '../../components/copy-button';
import type { GateAction } from '../../hooks/use-gate-action';
import { useToasts } from '../../toasts/toast-context';
import { ClientEditResult } from './client-edit-result';
import { ClientSnippetFields } from './client-snippet';
import { clientStateLabel } from './client-state';

interface LastEdit {
  readonly title: string;
  readonly edit: ClientEditView;
}

/** One AI client: its state and file, and what can be done with it. */
export function ClientRow({
  client,
  action,
  onClients,
  onChanged,
}: {
  readonly client: ClientView;
  readonly action: GateAction;
  onClients(clients: readonly ClientView[]): void;
  onChanged(): void;
}): ReactNode {
  const { push } = useToasts();
  const [lastEdit, setLastEdit] = useState<LastEdit | null>(null);
  const [snippet, setSnippet] = useState<ClientSnippetView | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const key = (what: string): string => `${what}:${client.id}`;
  const hasFile = client.kind === 'file' && client.state !== 'not-applicable';
  const configured = client.state === 'configured' || client.state === 'out-of-date';

  const edit = async (
    channel: 'clients:preview' | 'clients:configure' | 'clients:remove',
    title: string,
    what: string,
  ): Promise<void> => {
    const result = await action.run(channel, { id: client.id }, { key: key(channel), what });
    if (result === undefined) return;
    setLastEdit({ title, edit: result });
    if (channel !== 'clients:preview') onChanged();
  };

  const loadSnippet = async (): Promise<ClientSnippetView | undefined> => {
    const result = await action.run(
      'clients:snippet',
      { id: client.id },
      { key: key('snippet'), what: `get the ${client.name} settings` },
    );
    if (result !== undefined) setSnippet(result);
    return result;
  };

  const resetKey = async (): Promise<void> => {
    const result = await action.run(
      'clients:resetKey',
      { id: client.id },
      { key: key('reset'), what: `reset the key of ${client.name}` },
    );
    setConfirmReset(false);
    if (result === undefined) return;
    onClients(result);
    push({
      kind: 'success',
      title: `New key for ${client.name}`,
      body: 'The old key no longer works.',
    });
  };

  return (
    <li className="client-row" data-client={client.id}>
      <div className="client-head">
        <h4>{client.name}</h4>
        <span className={`badge badge-client-${client.state}`}>{clientStateLabel(client)}</span>
        <span className="muted">
          {client.detected ? 'Found on this computer' : 'Not found on this computer'}
        </span>
      </div>
      {client.configPath !== null && (
        <p className="client-path">
          Config file: <span className="mono wrap">{client.configPath}</span>
        </p>
      )}
      {client.problem !== null && (
        <p className="callout callout-error">
          <strong>MCP Gate cannot read this file.</strong> {client.problem} Fix the file (or move it
          away), then press Configure again.
        </p>
      )}
      {client.state === 'out-of-date' && client.staleEntries.length > 0 && (
        <p className="callout callout-warn">
          Out of date: <span className="mono">{client.staleEntries.join(', ')}</span>. Press Update
          to write the current URLs and key.
        </p>
      )}
      {!hasFile && <p className="muted">{client.reload}</p>}
      <div className="button-row">
        {hasFile && !configured && (
          <ActionButton
            tone="primary"
            aria-label={`Configure ${client.name}`}
            busy={action.isPending(key('clients:configure'))}
            disabled={client.state === 'unreadable'}
            onClick={() =>
              void edit('clients:configure', 'Written to the file', `configure ${client.name}`)
            }
          >
            Configure
          </ActionButton>
        )}
        {hasFile && client.state === 'out-of-date' && (
          <ActionButton
            tone="primary"
            aria-label={`Update ${client.name}`}
            busy={action.isPending(key('clients:configure'))}
            onClick={() =>
              void edit('clients:configure', 'Updated in the file', `update ${client.name}`)
            }
          >
            Update
          </ActionButton>
        )}
        {hasFile && configured && (
          <ActionButton
            aria-label={`Remove ${client.name}`}
            busy={action.isPending(key('clients:remove'))}
            onClick={() =>
              void edit(
                'clients:remove',
                'Removed from the file',
                `remove MCP Gate from ${client.name}`,
              )
            }
          >
            Remove
          </ActionButton>
        )}
        {hasFile && (
          <ActionButton
            aria-label={`Preview changes for ${client.name}`}
            busy={action.isPending(key('clients:preview'))}
            disabled={client.state === 'unreadable'}
            onClick={() =>
              void edit('clients:preview', 'Preview of the changes', `preview ${client.name}`)
            }
          >
            Preview changes
          </ActionButton>
        )}
        <CopyButton
          label="Copy JSON"
          ariaLabel={`Copy JSON for ${client.name}`}
          text={async () => (await loadSnippet())?.json}
        />
        {client.hasDeepLink && (
          <CopyButton
            label="Copy deep link"
            ariaLabel={`Copy deep link for ${client.name}`}
            text={async () => (await loadSnippet())?.deepLink ?? undefined}
          />
        )}
        {client.kind === 'paste' && (
          <ActionButton busy={action.isPending(key('snippet'))} onClick={() => void loadSnippet()}>
            Show values to paste
          </ActionButton>
        )}
        {client.hasKey && !confirmReset && (
          <ActionButton
            tone="danger"
            aria-label={`Reset key of ${client.name}`}
            onClick={() => setConfirmReset(true)}
          >
            Reset key
          </ActionButton>
        )}
      </div>
      {confirmReset && (
        <div
          className="callout callout-warn confirm"
          role="group"
          aria-label={`Reset key of ${client.name}?`}
        >
          <p>
            Reset the key of {client.name}? Its current key stops working at once.{' '}
            {hasFile
              ? 'MCP Gate writes the new key into its config file.'
              : 'Copy its settings again afterwards so it gets the new key.'}
          </p>
          <div className="button-row">
            <ActionButton
              tone="danger"
              busy={action.isPending(key('reset'))}
              onClick={() => void resetKey()}
            >
              Reset the key
            </ActionButton>
            <ActionButton onClick={() => setConfirmReset(false)}>Keep the key</ActionButton>
          </div>
        </div>
      )}
      {snippet !== null && <ClientSnippetFields snippet={snippet} />}
      {lastEdit !== null && (
        <ClientEditResult title={lastEdit.title} edit={lastEdit.edit} reload={client.reload} />
      )}
    </li>
  );
}
