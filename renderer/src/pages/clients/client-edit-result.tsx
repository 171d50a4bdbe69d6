import type { ReactNode } from 'react';
import type { ClientEditView } from '../../../../shared/ipc/views';
import { DiffView } from '../../components/diff-view';
import { editSummary } from './edit-summary';

/** What a preview, configure or remove did: its message, the reload hint, the diff. */
export function ClientEditResult({
  title,
  edit,
  reload,
}: {
  readonly title: string;
  readonly edit: ClientEditView;
  /** Shown after a write: what the user does so the client picks it up. */
  readonly reload: string | null;
}): ReactNode {
  const summary = editSummary(edit);
  return (
    <div className="edit-result">
      <h5>{title}</h5>
      {summary !== '' && <p>{summary}</p>}
      {edit.written && reload !== null && !summary.includes(reload) && (
        <p className="callout callout-info">{reload}</p>
      )}
      {edit.backupPath !== null && !summary.includes(edit.backupPath) && (
        <p className="muted">
          Backup of the previous file: <span className="mono wrap">{edit.backupPath}</span>
        </p>
      )}
      <DiffView diff={edit.diff} label={`${title} diff`} />
    </div>
  );
}
