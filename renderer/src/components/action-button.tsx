import type { ButtonHTMLAttributes, ReactNode } from 'react';

/** Props of ActionButton: a normal button plus whether its request is under way. */
export interface ActionButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  readonly busy?: boolean;
  readonly tone?: 'primary' | 'secondary' | 'danger';
}

/** A button that is disabled and says so while its request runs. */
export function ActionButton({
  busy = false,
  tone = 'secondary',
  disabled,
  className,
  children,
  type = 'button',
  ...rest
}: ActionButtonProps): ReactNode {
  return (
    <button
      {...rest}
      type={type}
      className={`btn btn-${tone}${className === undefined ? '' : ` ${className}`}`}
      disabled={busy || disabled === true}
      aria-busy={busy || undefined}
    >
      {children}
      {busy && <span className="spinner" aria-hidden="true" />}
    </button>
  );
}
