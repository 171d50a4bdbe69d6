import { useState, type ReactNode } from 'react';
import { useToasts } from '../toasts/toast-context';
import { copyText } from '../util/clipboard';
import { errorMessage } from '../util/error-message';

/** Props of CopyButton: the visible label and the text (or how to get it). */
export interface CopyButtonProps {
  readonly label: string;
  /** Accessible name when the visible label alone is ambiguous in a table. */
  readonly ariaLabel?: string;
  readonly text: string | (() => Promise<string | undefined>);
  /** Compact size for table cells. */
  readonly small?: boolean;
}

/** Copies a value to the clipboard and says "Copied" for a moment. */
export function CopyButton({ label, ariaLabel, text, small = false }: CopyButtonProps): ReactNode {
  const { push } = useToasts();
  const [state, setState] = useState<'idle' | 'busy' | 'copied'>('idle');

  const copy = async (): Promise<void> => {
    setState('busy');
    try {
      const value = typeof text === 'string' ? text : await text();
      if (value === undefined) {
        setState('idle');
        return;
      }
      await copyText(value);
      setState('copied');
      window.setTimeout(() => setState('idle'), 1_500);
    } catch (error) {
      setState('idle');
      push({ kind: 'error', title: `Could not copy`, body: errorMessage(error) });
    }
  };

  return (
    <button
      type="button"
      className={small ? 'btn btn-secondary btn-small' : 'btn btn-secondary'}
      aria-label={ariaLabel}
      disabled={state === 'busy'}
      aria-busy={state === 'busy' || undefined}
      onClick={() => void copy()}
    >
      {state === 'copied' ? 'Copied' : label}
    </button>
  );
}
