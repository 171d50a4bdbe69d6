import { useState, type FormEvent, type ReactNode } from 'react';
import type { AccountView } from '../../../../shared/ipc/views';
import { ActionButton } from '../../components/action-button';
import { Field } from '../../components/field';
import { PageSection } from '../../components/page-section';
import type { GateAction } from '../../hooks/use-gate-action';

/** Saves a profile (name, site, OAuth client id), or creates the OAuth app with an AccessKey. */
export function ProfileForm({
  account,
  action,
  onAccount,
}: {
  readonly account: AccountView;
  readonly action: GateAction;
  onAccount(view: AccountView): void;
}): ReactNode {
  const current = account.profiles.find((profile) => profile.name === account.current);
  const [name, setName] = useState(account.current);
  const [site, setSite] = useState<'cn' | 'intl'>(current?.site === 'intl' ? 'intl' : 'cn');
  const [clientId, setClientId] = useState(current?.oauthClientId ?? '');
  const [created, setCreated] = useState<string | null>(null);
  const editsCustom =
    account.profiles.find((profile) => profile.name === name.trim())?.site === 'custom';

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const view = await action.run(
      'account:saveProfile',
      { name: name.trim(), site, oauthClientId: clientId.trim() === '' ? null : clientId.trim() },
      { what: 'save the profile' },
    );
    if (view !== undefined) onAccount(view);
  };

  const createApp = async (): Promise<void> => {
    const result = await action.run('account:createOAuthApp', {}, { what: 'create the OAuth app' });
    if (result === undefined) return;
    setClientId(result.clientId);
    setCreated(result.message);
  };

  return (
    <PageSection title="Save a profile">
      <form className="form-grid" onSubmit={(event) => void save(event)}>
        <Field label="Profile name" hint="Letters, digits, dot, dash or underscore.">
          {(control) => (
            <input
              {...control}
              value={name}
              required
              maxLength={64}
              pattern="[A-Za-z0-9._\-]+"
              autoComplete="off"
              onChange={(event) => setName(event.target.value)}
            />
          )}
        </Field>
        <Field
          label="Site"
          hint={
            editsCustom
              ? 'This profile uses custom endpoints set from the command line; saving it here replaces them with the chosen site’s.'
              : undefined
          }
        >
          {(control) => (
            <select
              {...control}
              value={site}
              onChange={(event) => setSite(event.target.value === 'intl' ? 'intl' : 'cn')}
            >
              <option value="cn">China site (cn)</option>
              <option value="intl">International site (intl)</option>
            </select>
          )}
        </Field>
        <Field
          label="OAuth client id"
          hint="The AppId of a RAM OAuth application of type NativeApp with the scope /acs/mcp-server."
        >
          {(control) => (
            <input
              {...control}
              value={clientId}
              maxLength={128}
              autoComplete="off"
              spellCheck={false}
              className="mono"
              onChange={(event) => setClientId(event.target.value)}
            />
          )}
        </Field>
        <div className="button-row">
          <ActionButton type="submit" tone="primary" busy={action.isPending('account:saveProfile')}>
            Save profile
          </ActionButton>
          {account.accessKeyAvailable && (
            <ActionButton
              busy={action.isPending('account:createOAuthApp')}
              onClick={() => void createApp()}
            >
              Create with AccessKey
            </ActionButton>
          )}
        </div>
        {account.accessKeyAvailable ? (
          <p className="muted">
            An AccessKey is available
            {account.accessKeySource === null ? '' : ` (from ${account.accessKeySource})`}: MCP Gate
            can find or create its OAuth app for you.
          </p>
        ) : (
          <p className="muted">
            No AccessKey found: create a NativeApp in the RAM console and paste its AppId above.
          </p>
        )}
        {created !== null && <p className="callout callout-success">{created}</p>}
      </form>
    </PageSection>
  );
}
