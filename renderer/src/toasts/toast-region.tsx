import type { ReactNode } from 'react';
import { useToasts } from './toast-context';

/** The polite live region where notices and errors appear. */
export function ToastRegion(): ReactNode {
  const { toasts, dismiss } = useToasts();
  return (
    <section className="toasts" role="status" aria-live="polite" aria-label="Notifications">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.kind}`}>
          <div className="toast-text">
            <strong>{toast.title}</strong>
            {toast.body !== '' && <p>{toast.body}</p>}
          </div>
          <button
            type="button"
            className="toast-close"
            aria-label={`Dismiss: ${toast.title}`}
            onClick={() => dismiss(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
