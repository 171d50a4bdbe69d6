import type { ReactNode } from 'react';

/** Props of ToggleSwitch. */
export interface ToggleSwitchProps {
  readonly checked: boolean;
  /** The accessible name, e.g. "Allow demo". */
  readonly label: string;
  readonly busy?: boolean;
  onChange(checked: boolean): void;
}

/** An on/off switch (`role="switch"`) that names what it turns on. */
export function ToggleSwitch({
  checked,
  label,
  busy = false,
  onChange,
}: ToggleSwitchProps): ReactNode {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      aria-busy={busy || undefined}
      disabled={busy}
      className="switch"
      onClick={() => onChange(!checked)}
    >
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      <span className="switch-text" aria-hidden="true">
        {checked ? 'On' : 'Off'}
      </span>
    </button>
  );
}
