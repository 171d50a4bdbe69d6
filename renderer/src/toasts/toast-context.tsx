import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';

/** One message in the toast region. */
export interface Toast {
  readonly id: number;
  readonly kind: 'info' | 'success' | 'error';
  readonly title: string;
  readonly body: string;
}

/** What components use to show and dismiss toasts. */
export interface ToastControls {
  readonly toasts: readonly Toast[];
  push(toast: Omit<Toast, 'id'>): void;
  dismiss(id: number): void;
}

const ToastContext = createContext<ToastControls | null>(null);
const LIFETIME_MS: Readonly<Record<Toast['kind'], number>> = {
  info: 8_000,
  success: 5_000,
  error: 20_000,
};
const MAX_TOASTS = 5;

/** Holds the toasts of the window; each disappears after a while or when dismissed. */
export function ToastProvider({ children }: { readonly children: ReactNode }): ReactNode {
  const [toasts, setToasts] = useState<readonly Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => {
    setToasts((list) => list.filter((toast) => toast.id !== id));
  }, []);

  const push = useCallback(
    (toast: Omit<Toast, 'id'>) => {
      const id = nextId.current++;
      const same = (other: Toast): boolean =>
        other.kind === toast.kind && other.title === toast.title && other.body === toast.body;
      setToasts((list) =>
        [...list.filter((other) => !same(other)), { ...toast, id }].slice(-MAX_TOASTS),
      );
      window.setTimeout(() => dismiss(id), LIFETIME_MS[toast.kind]);
    },
    [dismiss],
  );

  const value = useMemo(() => ({ toasts, push, dismiss }), [toasts, push, dismiss]);
  return <ToastContext.Provider value={value}>{children}</ToastContext.Provider>;
}

/** The toast controls of the window. */
export function useToasts(): ToastControls {
  const controls = useContext(ToastContext);
  if (controls === null) throw new Error('useToasts outside ToastProvider');
  return controls;
}
