import type { ReactNode } from 'react';
import type { AccountView } from '../../../../shared/ipc/views';
import { ActionButton } from '../../components/action-button';
import { EmptyState } from '../../components/empty-state';
import { PageSection } from '../../components/page-section';
import type { GateAction } from '../../hooks/use-gate-action';
import { sessionLabel, siteLabel } from '../../util/describe-status';

/** Every profile with its site and client id; make one the default or remove it. */
export function ProfilesTable({
  account,
  action,
  onAccount,
}: {
  readonly account: AccountView;
  readonly action: GateAction;
  onAccount(view: AccountView): void;
}): ReactNode {
  const use = async (name: string): Promise<void> => {
    const view = await action.run(
      'account:useProfile',
      { name },
      { key: `use:${name}`, what: `make ${name} the default profile` },
    );
    if (view !== undefined) onAccount(view);
  };
  const remove = async (name: string): Promise<void> => {
    const view = await action.run(
      'account:removeProfile',
      { name },
      { key: `remove:${name}`, what: `remove the profile ${name}` },
    );
    if (view !== undefined) onAccount(view);
  };

  return (
    <PageSection title="Profiles">
      {account.profiles.length === 0 ? (
        <EmptyState title="No profile saved yet.">
          <p>Save one below with its site and OAuth client id, then sign in.</p>
        </EmptyState>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Site</th>
                <th scope="col">OAuth client id</th>
                <th scope="col">Account</th>
                <th scope="col">Session</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {account.profiles.map((profile) => (
                <tr key={profile.name}>
                  <th scope="row">
                    {profile.name}
                    {profile.isDefault && <span className="badge badge-neutral">default</span>}
                  </th>
                  <td>{siteLabel(profile.site)}</td>
                  <td className="mono wrap">
                    {profile.oauthClientId ?? 'none (needs one to sign in)'}
                  </td>
                  <td className="mono">{profile.accountId ?? '—'}</td>
                  <td>{sessionLabel(profile.session)}</td>
                  <td className="actions">
                    {!profile.isDefault && (
                      <ActionButton
                        className="btn-small"
                        busy={action.isPending(`use:${profile.name}`)}
                        onClick={() => void use(profile.name)}
                      >
                        Make default
                      </ActionButton>
                    )}
                    <ActionButton
                      className="btn-small"
                      tone="danger"
                      aria-label={`Remove profile ${profile.name}`}
                      busy={action.isPending(`remove:${profile.name}`)}
                      onClick={() => void remove(profile.name)}
                    >
                      Remove
                    </ActionButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </PageSection>
  );
}
