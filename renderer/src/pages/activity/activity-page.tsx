import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ActivityEntry } from '../../../../shared/activity';
import type { ActivityFilter } from '../../../../shared/ipc/views';
import { ActionButton } from '../../components/action-button';
import { EmptyState } from '../../components/empty-state';
import { PageFrame } from '../../components/page-frame';
import { QueryStatus } from '../../components/query-status';
import { useGateAction } from '../../hooks/use-gate-action';
import { useGateEvent } from '../../hooks/use-gate-event';
import { useGateQuery } from '../../hooks/use-gate-query';
import { useDebounced } from '../../hooks/use-debounced';
import { matchesActivityFilter } from '../../../../shared/activity-filter';
import { mergeActivity } from '../../util/activity-merge';
import { downloadText } from '../../util/download';
import { ActivityFilters, EMPTY_FILTER_DRAFT, type ActivityFilterDraft } from './activity-filters';
import { ActivityTable } from './activity-table';

const LIMIT = 500;
const TYPING_DELAY_MS = 300;

/** The Activity page: every proxied request, live, with filters and export. */
export function ActivityPage(): ReactNode {
  const [draft, setDraft] = useState<ActivityFilterDraft>(EMPTY_FILTER_DRAFT);
  const filter = useDebounced(
    useMemo(() => toFilter(draft), [draft]),
    TYPING_DELAY_MS,
  );
  const activity = useGateQuery('activity:list', { limit: LIMIT, filter });
  const [live, setLive] = useState<readonly ActivityEntry[]>([]);
  const action = useGateAction();

  useEffect(() => setLive([]), [filter]);
  useGateEvent('activity:appended', (entry) => {
    if (matchesActivityFilter(entry, filter)) setLive((rows) => [entry, ...rows].slice(0, LIMIT));
  });

  const entries = useMemo(
    () => mergeActivity(live, activity.data?.entries ?? [], LIMIT),
    [live, activity.data],
  );
  const filtered = Object.keys(filter).length > 0;

  const exportAs = async (format: 'jsonl' | 'csv'): Promise<void> => {
    const file = await action.run(
      'activity:export',
      { format, filter },
      { key: `export:${format}`, what: `export the activity as ${format.toUpperCase()}` },
    );
    if (file !== undefined) downloadText(file.fileName, file.mimeType, file.text);
  };

  return (
    <PageFrame
      title="Activity"
      intro="Each request that went through the proxy, newest first: which client, which server and tool, and how it ended. Arguments and bodies are never recorded."
    >
      <ActivityFilters draft={draft} onDraft={setDraft} />
      <div className="button-row">
        <ActionButton
          busy={action.isPending('export:jsonl')}
          onClick={() => void exportAs('jsonl')}
        >
          Export JSONL
        </ActionButton>
        <ActionButton busy={action.isPending('export:csv')} onClick={() => void exportAs('csv')}>
          Export CSV
        </ActionButton>
        {activity.data !== undefined && (
          <span className="muted">
            Log file: <span className="mono wrap">{activity.data.logPath}</span>
          </span>
        )}
      </div>
      <QueryStatus query={activity} what="the activity" />
      {activity.data !== undefined &&
        (entries.length === 0 ? (
          filtered ? (
            <EmptyState title="No request matches these filters.">
              <p>Change or clear the filters to see more.</p>
            </EmptyState>
          ) : (
            <EmptyState title="No requests yet.">
              <p>
                Configure a client on the Clients page, then ask it to use an Alibaba Cloud tool.
                Each call appears here as it happens.
              </p>
            </EmptyState>
          )
        ) : (
          <ActivityTable entries={entries} />
        ))}
    </PageFrame>
  );
}

function toFilter(draft: ActivityFilterDraft): ActivityFilter {
  const client = draft.client.trim();
  const server = draft.server.trim();
  const text = draft.text.trim();
  return {
    ...(client === '' ? {} : { client }),
    ...(server === '' ? {} : { server }),
    ...(draft.outcome === '' ? {} : { outcome: draft.outcome }),
    ...(draft.decision === '' ? {} : { decision: draft.decision }),
    ...(text === '' ? {} : { text }),
  };
}
