import { useState, type FormEvent, type ReactNode } from 'react';
import type { ServersView } from '../../../../shared/ipc/views';
import { ActionButton } from '../../components/action-button';
import { PageSection } from '../../components/page-section';
import type { GateAction } from '../../hooks/use-gate-action';
import { nonEmptyLines } from '../../util/lines';

/** The allow and block lists, one entry a line: a server name, an id, or a /path/prefix. */
export function ServerRulesForm({
  view,
  action,
  onView,
}: {
  readonly view: ServersView;
  readonly action: GateAction;
  onView(view: ServersView): void;
}): ReactNode {
  const [allowed, setAllowed] = useState(view.allowedServers.join('\n'));
  const [blocked, setBlocked] = useState(view.blockedServers.join('\n'));

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const next = await action.run(
      'servers:setRules',
      { allowedServers: nonEmptyLines(allowed), blockedServers: nonEmptyLines(blocked) },
      { what: 'save the server rules' },
    );
    if (next !== undefined) onView(next);
  };

  return (
    <PageSection title="Rules">
      <form className="form-grid" onSubmit={(event) => void save(event)}>
        <p className="muted">
          One entry a line: a server name, a server id, or a path prefix starting with{' '}
          <code>/</code> (whole path segments). Blocked wins; an empty allow list allows every
          server.
        </p>
        <div className="two-columns">
          <label className="field">
            <span>Allowed servers</span>
            <textarea
              rows={5}
              value={allowed}
              spellCheck={false}
              className="mono"
              onChange={(event) => setAllowed(event.target.value)}
            />
          </label>
          <label className="field">
            <span>Blocked servers</span>
            <textarea
              rows={5}
              value={blocked}
              spellCheck={false}
              className="mono"
              onChange={(event) => setBlocked(event.target.value)}
            />
          </label>
        </div>
        <div className="button-row">
          <ActionButton type="submit" tone="primary" busy={action.isPending('servers:setRules')}>
            Save rules
          </ActionButton>
        </div>
      </form>
    </PageSection>
  );
}
