import type { ReactNode } from 'react';
import { EmptyState } from '../../components/empty-state';
import { PageFrame } from '../../components/page-frame';
import { PageSection } from '../../components/page-section';
import { QueryStatus } from '../../components/query-status';
import { useGateAction } from '../../hooks/use-gate-action';
import { useGateEvent } from '../../hooks/use-gate-event';
import { useGateQuery } from '../../hooks/use-gate-query';
import { formatTime } from '../../util/format';
import { AddGuardRuleForm } from './add-guard-rule-form';
import { AskTimeoutForm } from './ask-timeout-form';
import { GuardPresetGroup } from './guard-preset-group';
import { GuardRulesTable } from './guard-rules-table';

/** The Guard page: which tool calls run, which are denied, and which wait for you. */
export function GuardPage(): ReactNode {
  const guard = useGateQuery('guard:get', {});
  const action = useGateAction();
  useGateEvent('guard:changed', () => void guard.reload());
  useGateEvent('guard:asked', () => void guard.reload());
  const view = guard.data;

  return (
    <PageFrame
      title="Guard"
      intro="Guard looks at each tool call before it reaches Alibaba Cloud: rules first, in order, then the preset."
    >
      <QueryStatus query={guard} what="the Guard settings" />
      {view !== undefined && (
        <>
          <GuardPresetGroup view={view} action={action} onView={guard.set} />
          <PageSection title="Rules">
            <GuardRulesTable view={view} action={action} onView={guard.set} />
            <AddGuardRuleForm action={action} onView={guard.set} />
          </PageSection>
          <PageSection title="Questions">
            <AskTimeoutForm
              key={view.askTimeoutSeconds}
              view={view}
              action={action}
              onView={guard.set}
            />
            {view.pending.length === 0 ? (
              <EmptyState title="No tool call is waiting for you.">
                <p>When a call needs your answer, a dialog opens in this window.</p>
              </EmptyState>
            ) : (
              <ul className="pending-list">
                {view.pending.map((question) => (
                  <li key={question.id}>
                    <span className="mono">{question.tool}</span> on{' '}
                    {question.server ?? 'an unknown server'} from{' '}
                    {question.client ?? 'an unknown client'}, asked at{' '}
                    {formatTime(question.askedAt)}
                  </li>
                ))}
              </ul>
            )}
          </PageSection>
        </>
      )}
    </PageFrame>
  );
}
