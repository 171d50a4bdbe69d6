import type { ReactNode } from 'react';
import type { GateApi } from '../../../shared/ipc/contract';
import { GateApiContext } from '../api/gate-api-context';
import { ApprovalDialog } from '../guard/approval-dialog';
import { ToastProvider } from '../toasts/toast-context';
import { ToastRegion } from '../toasts/toast-region';
import { CurrentPage } from './current-page';
import { useNoticeToasts } from './notice-toasts';
import { PageNav } from './page-nav';
import { StatusProvider } from './status-context';
import { StatusHeader } from './status-header';
import { usePage } from './use-page';

/** The settings window over one GateApi. */
export function App({ api }: { readonly api: GateApi }): ReactNode {
  return (
    <GateApiContext.Provider value={api}>
      <ToastProvider>
        <StatusProvider>
          <Shell />
        </StatusProvider>
      </ToastProvider>
    </GateApiContext.Provider>
  );
}

function Shell(): ReactNode {
  const page = usePage();
  useNoticeToasts();
  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <StatusHeader />
      <div className="app-body">
        <PageNav current={page} />
        <main id="main" className="app-main" tabIndex={-1}>
          <CurrentPage key={page} page={page} />
        </main>
      </div>
      <ToastRegion />
      <ApprovalDialog />
    </div>
  );
}
