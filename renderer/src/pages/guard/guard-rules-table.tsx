import type { ReactNode } from 'react';
import { clientInfo, isClientId } from '../../../../shared/clients';
import type { GuardView } from '../../../../shared/ipc/views';
import { ActionButton } from '../../components/action-button';
import { EmptyState } from '../../components/empty-state';
import type { GateAction } from '../../hooks/use-gate-action';

/** The Guard rules in the order they are tried, each with Remove. */
export function GuardRulesTable({
  view,
  action,
  onView,
}: {
  readonly view: GuardView;
  readonly action: GateAction;
  onView(view: GuardView): void;
}): ReactNode {
  const remove = async (index: number): Promise<void> => {
    const next = await action.run(
      'guard:removeRule',
      { index },
      { key: `remove-rule:${index}`, what: `remove rule ${index}` },
    );
    if (next !== undefined) onView(next);
  };
  if (view.rules.length === 0) {
    return (
      <EmptyState title="No rules: the preset decides every tool call.">
        <p>Add a rule below to allow, deny or ask about particular tools.</p>
      </EmptyState>
    );
  }
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Tool</th>
            <th scope="col">Server</th>
            <th scope="col">Client</th>
            <th scope="col">Action</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {view.rules.map((rule) => (
            <tr key={rule.index}>
              <td>{rule.index}</td>
              <td className="mono wrap">{rule.tool}</td>
              <td>{rule.server ?? 'any'}</td>
              <td>
                {rule.client === null
                  ? 'any'
                  : isClientId(rule.client)
                    ? clientInfo(rule.client).displayName
                    : rule.client}
              </td>
              <td>
                <span className={`badge badge-guard-${rule.action}`}>{rule.action}</span>
              </td>
              <td className="actions">
                <ActionButton
                  className="btn-small"
                  tone="danger"
                  aria-label={`Remove rule ${rule.index} (${rule.tool})`}
                  busy={action.isPending(`remove-rule:${rule.index}`)}
                  onClick={() => void remove(rule.index)}
                >
                  Remove
                </ActionButton>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
