import { useState, type FormEvent, type ReactNode } from 'react';
import type { ServersView } from '../../../../shared/ipc/views';
import { ActionButton } from '../../components/action-button';
import { Field } from '../../components/field';
import { PageSection } from '../../components/page-section';
import type { GateAction } from '../../hooks/use-gate-action';

/** Adds a server from its Streamable HTTP or SSE endpoint URL (as the console shows it) or a proxy URL. */
export function AddServerForm({
  action,
  onView,
}: {
  readonly action: GateAction;
  onView(view: ServersView): void;
}): ReactNode {
  const [url, setUrl] = useState('');

  const add = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const next = await action.run(
      'servers:add',
      { endpointUrl: url.trim() },
      { what: 'add the server' },
    );
    if (next === undefined) return;
    onView(next);
    setUrl('');
  };

  return (
    <PageSection title="Add by endpoint URL">
      <form className="inline-form" onSubmit={(event) => void add(event)}>
        <Field
          label="Endpoint URL"
          hint="Copy the Streamable HTTP or SSE endpoint from the OpenAPI MCP console."
          className="grow"
        >
          {(control) => (
            <input
              {...control}
              type="url"
              required
              value={url}
              spellCheck={false}
              className="mono"
              placeholder="https://openapi-mcp.cn-hangzhou.aliyuncs.com/accounts/…/mcp"
              onChange={(event) => setUrl(event.target.value)}
            />
          )}
        </Field>
        <ActionButton type="submit" tone="primary" busy={action.isPending('servers:add')}>
          Add server
        </ActionButton>
      </form>
    </PageSection>
  );
}
