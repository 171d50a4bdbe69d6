import type { ReactNode } from 'react';
import { describeAccount, describeProxy } from '../util/describe-status';
import { useAppStatus } from './status-context';
import { ThemeSelect } from './theme-select';

/** The top bar: who is signed in, where the proxy listens, and the theme choice. */
export function StatusHeader(): ReactNode {
  const { data: status, error } = useAppStatus();
  const tone = status === undefined ? 'unknown' : status.tray;
  return (
    <header className="app-header">
      <div className="brand">
        <span className={`status-dot status-${tone}`} aria-hidden="true" />
        <h1>MCP Gate</h1>
      </div>
      <p className="header-status" data-testid="header-status">
        {status === undefined ? (
          (error ?? 'Connecting to MCP Gate…')
        ) : (
          <>
            <span className="header-account">{describeAccount(status)}</span>
            <span className="header-sep" aria-hidden="true">
              ·
            </span>
            <span className="header-proxy">{describeProxy(status.proxy)}</span>
          </>
        )}
      </p>
      <ThemeSelect />
    </header>
  );
}
