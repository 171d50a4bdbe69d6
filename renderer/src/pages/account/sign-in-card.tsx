import { useState, type ReactNode } from 'react';
import type { AppStatus } from '../../../../shared/ipc/views';
import { ActionButton } from '../../components/action-button';
import { PageSection } from '../../components/page-section';
import type { GateAction } from '../../hooks/use-gate-action';
import { useToasts } from '../../toasts/toast-context';
import { sessionLabel, siteLabel } from '../../util/describe-status';

/** The current profile's sign-in state with Sign in / Cancel / Sign out. */
export function SignInCard({
  status,
  action,
  onChanged,
}: {
  readonly status: AppStatus;
  readonly action: GateAction;
  onChanged(): void;
}): ReactNode {
  const { push } = useToasts();
  const signedIn = status.session === 'signed-in' || status.session === 'refreshing';
  const [startedUrl, setStartedUrl] = useState<string | null>(null);
  const authorizationUrl = status.authorizationUrl ?? startedUrl;
  const signIn = async (): Promise<void> => {
    const started = await action.run(
      'account:signIn',
      { profile: status.profile },
      { what: 'start the sign-in' },
    );
    setStartedUrl(started?.authorizationUrl ?? null);
    onChanged();
  };
  const cancel = async (): Promise<void> => {
    await action.run('account:cancelSignIn', {}, { what: 'cancel the sign-in' });
    setStartedUrl(null);
    onChanged();
  };
  const signOut = async (): Promise<void> => {
    const result = await action.run(
      'account:signOut',
      { profile: status.profile },
      { what: 'sign out' },
    );
    if (result === undefined) return;
    push(
      result.revoked
        ? {
            kind: 'success',
            title: 'Signed out',
            body: 'The sign-in was revoked and removed from this computer.',
          }
        : {
            kind: 'info',
            title: 'Signed out on this computer',
            body: 'The sign-in server could not be reached to revoke the token; it stops working when it expires.',
          },
    );
    onChanged();
  };

  return (
    <PageSection title="Sign-in">
      <dl className="facts">
        <dt>State</dt>
        <dd>
          <span className={`badge badge-session-${status.session}`}>
            {sessionLabel(status.session)}
          </span>
        </dd>
        <dt>Profile</dt>
        <dd>{status.profile}</dd>
        <dt>Account</dt>
        <dd>{status.accountId ?? 'Not known yet (sign in)'}</dd>
        <dt>Site</dt>
        <dd>{siteLabel(status.site)}</dd>
      </dl>
      {status.sessionError !== null && (
        <p className="callout callout-warn">{status.sessionError}</p>
      )}
      {status.signInInProgress && (
        <div className="callout callout-info" data-testid="sign-in-waiting">
          <p>
            <strong>Waiting for you in the browser…</strong> Log in and allow access there; this
            page updates by itself.
          </p>
          {authorizationUrl !== null && (
            <p>
              <a href={authorizationUrl} target="_blank" rel="noopener noreferrer">
                Open the sign-in page again
              </a>
            </p>
          )}
        </div>
      )}
      <div className="button-row">
        {status.signInInProgress ? (
          <ActionButton
            busy={action.isPending('account:cancelSignIn')}
            onClick={() => void cancel()}
          >
            Cancel sign-in
          </ActionButton>
        ) : (
          !signedIn && (
            <ActionButton
              tone="primary"
              busy={action.isPending('account:signIn')}
              onClick={() => void signIn()}
            >
              Sign in
            </ActionButton>
          )
        )}
        {signedIn && (
          <ActionButton busy={action.isPending('account:signOut')} onClick={() => void signOut()}>
            Sign out
          </ActionButton>
        )}
      </div>
    </PageSection>
  );
}
