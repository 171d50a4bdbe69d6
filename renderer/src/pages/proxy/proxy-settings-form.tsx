import { useState, type FormEvent, type ReactNode } from 'react';
import type { ProxySettingsView } from '../../../../shared/ipc/views';
import { ActionButton } from '../../components/action-button';
import { Field } from '../../components/field';
import { PageSection } from '../../components/page-section';
import type { GateAction } from '../../hooks/use-gate-action';
import { nonEmptyLines } from '../../util/lines';

type Settings = ProxySettingsView['settings'];
type RequireClientKey = Settings['requireClientKey'];
type LogLevel = Settings['logLevel'];

const KEY_CHOICES: readonly { readonly value: RequireClientKey; readonly label: string }[] = [
  { value: 'when-configured', label: 'When a client is configured' },
  { value: 'always', label: 'Always' },
  { value: 'never', label: 'Never' },
];
const LOG_LEVELS: readonly LogLevel[] = [
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'fatal',
  'silent',
];

/** Host, port, client keys, log level and allowed origins; saving restarts the proxy. */
export function ProxySettingsForm({
  view,
  action,
  onView,
}: {
  readonly view: ProxySettingsView;
  readonly action: GateAction;
  onView(view: ProxySettingsView): void;
}): ReactNode {
  const [host, setHost] = useState(view.settings.host);
  const [port, setPort] = useState(String(view.settings.port));
  const [requireClientKey, setRequireClientKey] = useState<RequireClientKey>(
    view.settings.requireClientKey,
  );
  const [logLevel, setLogLevel] = useState<LogLevel>(view.settings.logLevel);
  const [origins, setOrigins] = useState(view.settings.allowedOrigins.join('\n'));

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const next = await action.run(
      'proxy:update',
      {
        host: host.trim(),
        port: Number(port),
        requireClientKey,
        logLevel,
        allowedOrigins: nonEmptyLines(origins),
      },
      { what: 'save the proxy settings' },
    );
    if (next !== undefined) onView(next);
  };

  return (
    <PageSection title="Settings">
      <form className="form-grid" onSubmit={(event) => void save(event)}>
        <div className="two-columns">
          <Field
            label="Host"
            hint="127.0.0.1 keeps the proxy to this computer. For Dify in Docker use the bridge address, e.g. 172.17.0.1."
          >
            {(control) => (
              <input
                {...control}
                required
                value={host}
                maxLength={255}
                pattern="[A-Za-z0-9.:\[\]\-]+"
                spellCheck={false}
                className="mono"
                onChange={(event) => setHost(event.target.value)}
              />
            )}
          </Field>
          <Field
            label="Port"
            hint="Clients and the OAuth redirect use this port; configured clients need Update after a change."
          >
            {(control) => (
              <input
                {...control}
                type="number"
                inputMode="numeric"
                required
                min={1}
                max={65535}
                value={port}
                onChange={(event) => setPort(event.target.value)}
              />
            )}
          </Field>
          <label className="field">
            <span>Require client keys</span>
            <select
              value={requireClientKey}
              onChange={(event) =>
                setRequireClientKey(
                  KEY_CHOICES.find((c) => c.value === event.target.value)?.value ??
                    'when-configured',
                )
              }
            >
              {KEY_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Log level</span>
            <select
              value={logLevel}
              onChange={(event) =>
                setLogLevel(LOG_LEVELS.find((l) => l === event.target.value) ?? 'info')
              }
            >
              {LOG_LEVELS.map((level) => (
                <option key={level} value={level}>
                  {level}
                </option>
              ))}
            </select>
          </label>
        </div>
        <Field
          label="Allowed browser origins (one per line)"
          hint="Requests from web pages with any other Origin get 403. Requests without an Origin (AI clients) are not affected."
        >
          {(control) => (
            <textarea
              {...control}
              rows={3}
              value={origins}
              spellCheck={false}
              className="mono"
              placeholder="https://app.example"
              onChange={(event) => setOrigins(event.target.value)}
            />
          )}
        </Field>
        <div className="button-row">
          <ActionButton type="submit" tone="primary" busy={action.isPending('proxy:update')}>
            Save and restart the proxy
          </ActionButton>
        </div>
        <p className="muted">
          Saved in <span className="mono wrap">{view.settingsPath}</span>, shared with the{' '}
          <code>mcp-gate</code> command.
        </p>
      </form>
    </PageSection>
  );
}
