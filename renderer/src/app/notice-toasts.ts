import { useGateEvent } from '../hooks/use-gate-event';
import { useToasts } from '../toasts/toast-context';

const ERROR_NOTICES: ReadonlySet<string> = new Set([
  'sign-in-failed',
  'sign-in-expired',
  'port-in-use',
  'proxy-failed',
]);

/** Shows each `notice` the core pushes as a toast. */
export function useNoticeToasts(): void {
  const { push } = useToasts();
  useGateEvent('notice', (notice) => {
    push({
      kind: ERROR_NOTICES.has(notice.kind)
        ? 'error'
        : notice.kind === 'signed-in'
          ? 'success'
          : 'info',
      title: notice.title,
      body: notice.body,
    });
  });
}
