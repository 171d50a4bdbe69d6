import type { ReactNode } from 'react';
import type { ActivityEntry } from '../../../../shared/activity';
import { activityKey } from '../../util/activity-merge';
import { formatDuration, formatTime } from '../../util/format';
import { GuardDecisionCell, guardDenied } from './guard-decision-cell';
import { OUTCOME_LABELS, REFUSED_OUTCOMES } from './outcome-labels';

/** The activity rows, newest first; refused requests are marked with their reason. */
export function ActivityTable({
  entries,
}: {
  readonly entries: readonly ActivityEntry[];
}): ReactNode {
  return (
    <div className="table-scroll">
      <table className="activity-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Client</th>
            <th scope="col">Server</th>
            <th scope="col">Method</th>
            <th scope="col">Tool</th>
            <th scope="col">Status</th>
            <th scope="col">Latency</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const refused = REFUSED_OUTCOMES.has(entry.outcome) || guardDenied(entry);
            const failed = entry.outcome !== 'ok' && !refused;
            return (
              <tr
                key={activityKey(entry)}
                className={refused ? 'row-refused' : failed ? 'row-failed' : undefined}
                data-outcome={entry.outcome}
              >
                <td className="nowrap">{formatTime(entry.time)}</td>
                <td>{entry.client ?? <span className="muted">unknown</span>}</td>
                <td>{entry.server ?? <span className="muted">—</span>}</td>
                <td className="mono">
                  {entry.rpcMethod ?? entry.method}
                  {entry.rpcMethod !== null && (
                    <small className="muted block">{entry.method}</small>
                  )}
                </td>
                <td className="mono">{entry.tool ?? '—'}</td>
                <td>{entry.status === 0 ? '—' : entry.status}</td>
                <td className="nowrap">{formatDuration(entry.durationMs)}</td>
                <td>
                  <span className={`badge badge-outcome-${entry.outcome}`}>
                    {OUTCOME_LABELS[entry.outcome]}
                  </span>
                  {entry.reason !== null && <small className="block reason">{entry.reason}</small>}
                  <GuardDecisionCell entry={entry} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
