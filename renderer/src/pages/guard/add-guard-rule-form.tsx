import { useState, type FormEvent, type ReactNode } from 'react';
import { CLIENT_IDS, clientInfo, type ClientId } from '../../../../shared/clients';
import type { GuardAction, GuardView } from '../../../../shared/ipc/views';
import { ActionButton } from '../../components/action-button';
import type { GateAction } from '../../hooks/use-gate-action';

const ACTIONS: readonly GuardAction[] = ['allow', 'deny', 'ask'];

/** Adds a rule at the end: tool glob, optional server and client, action. */
export function AddGuardRuleForm({
  action,
  onView,
}: {
  readonly action: GateAction;
  onView(view: GuardView): void;
}): ReactNode {
  const [tool, setTool] = useState('');
  const [server, setServer] = useState('');
  const [client, setClient] = useState<ClientId | ''>('');
  const [ruleAction, setRuleAction] = useState<GuardAction>('ask');

  const add = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const next = await action.run(
      'guard:addRule',
      {
        tool: tool.trim(),
        server: server.trim() === '' ? null : server.trim(),
        client: client === '' ? null : client,
        action: ruleAction,
      },
      { what: 'add the rule' },
    );
    if (next === undefined) return;
    onView(next);
    setTool('');
    setServer('');
    setClient('');
  };

  return (
    <form className="form-grid" onSubmit={(event) => void add(event)} aria-label="Add a rule">
      <div className="four-columns">
        <label className="field">
          <span>Tool</span>
          <input
            required
            value={tool}
            maxLength={256}
            spellCheck={false}
            className="mono"
            placeholder="Ecs-*-Delete*"
            onChange={(event) => setTool(event.target.value)}
          />
        </label>
        <label className="field">
          <span>Server (optional)</span>
          <input
            value={server}
            maxLength={256}
            onChange={(event) => setServer(event.target.value)}
          />
        </label>
        <label className="field">
          <span>Client</span>
          <select
            value={client}
            onChange={(event) =>
              setClient(CLIENT_IDS.find((id) => id === event.target.value) ?? '')
            }
          >
            <option value="">Any client</option>
            {CLIENT_IDS.map((id) => (
              <option key={id} value={id}>
                {clientInfo(id).displayName}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Action</span>
          <select
            value={ruleAction}
            onChange={(event) =>
              setRuleAction(ACTIONS.find((a) => a === event.target.value) ?? 'ask')
            }
          >
            <option value="allow">Allow</option>
            <option value="deny">Deny</option>
            <option value="ask">Ask</option>
          </select>
        </label>
      </div>
      <p className="muted">
        The tool is a glob on <code>Product-Version-Action</code>, e.g. <code>Ecs-*-Delete*</code>.
        Rules are tried in order; the first match wins.
      </p>
      <div className="button-row">
        <ActionButton type="submit" tone="primary" busy={action.isPending('guard:addRule')}>
          Add rule
        </ActionButton>
      </div>
    </form>
  );
}
