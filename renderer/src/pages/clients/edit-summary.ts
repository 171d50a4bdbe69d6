import type { ClientEditView } from '../../../../shared/ipc/views';

/** The words of an edit's message without the diff the CLI-style message may repeat. */
export function editSummary(edit: ClientEditView): string {
  const diffStart = edit.diff === '' ? -1 : edit.message.indexOf(edit.diff.split('\n', 1)[0] ?? '');
  const words = diffStart >= 0 ? edit.message.slice(0, diffStart) : edit.message;
  return words.replace(/\s+/g, ' ').trim();
}
