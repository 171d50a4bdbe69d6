import { useState, type ReactNode } from 'react';
import type { ProxyView } from '../../../../shared/ipc/views';
import { ActionButton } from '../../components/action-button';
import { CopyButton } from '../../components/copy-button';
import { PageSection } from '../../components/page-section';
import type { GateAction } from '../../hooks/use-gate-action';
import { describeProxy } from '../../util/describe-status';

/** Whether the proxy runs, with Start / Stop, the copyable URL and the logs folder. */
export function ProxyStateCard({
  proxy,
  logsFolder,
  action,
  onProxy,
}: {
  readonly proxy: ProxyView;
  readonly logsFolder: string;
  readonly action: GateAction;
  onProxy(): void;
}): ReactNode {
  const [openedPath, setOpenedPath] = useState<string | null>(null);
  const running = proxy.state === 'running' || proxy.state === 'starting';

  const startOrStop = async (): Promise<void> => {
    const result = running
      ? await action.run('proxy:stop', {}, { key: 'proxy:toggle', what: 'stop the proxy' })
      : await action.run('proxy:start', {}, { key: 'proxy:toggle', what: 'start the proxy' });
    if (result !== undefined) onProxy();
  };
  const openLogs = async (): Promise<void> => {
    const result = await action.run('app:openLogsFolder', {}, { what: 'open the logs folder' });
    if (result !== undefined) setOpenedPath(result.path);
  };

  return (
    <PageSection title="State">
      <p className={`proxy-state proxy-state-${proxy.state}`} data-testid="proxy-state">
        <span className={`status-dot status-proxy-${proxy.state}`} aria-hidden="true" />
        {describeProxy(proxy)}
      </p>
      {proxy.state === 'failed' && proxy.error !== null && (
        <p className="callout callout-error" role="alert">
          {proxy.error}
        </p>
      )}
      <div className="button-row">
        <ActionButton
          tone={running ? 'secondary' : 'primary'}
          busy={action.isPending('proxy:toggle')}
          onClick={() => void startOrStop()}
        >
          {running ? 'Stop the proxy' : 'Start the proxy'}
        </ActionButton>
        {proxy.url !== null && <CopyButton label="Copy proxy URL" text={proxy.url} />}
        <ActionButton busy={action.isPending('app:openLogsFolder')} onClick={() => void openLogs()}>
          Open logs folder
        </ActionButton>
      </div>
      <p className="muted">
        Logs folder: <span className="mono wrap">{openedPath ?? logsFolder}</span>
        {openedPath !== null && ' (opened)'}
      </p>
    </PageSection>
  );
}
