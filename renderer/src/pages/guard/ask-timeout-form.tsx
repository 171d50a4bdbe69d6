import { useState, type FormEvent, type ReactNode } from 'react';
import type { GuardView } from '../../../../shared/ipc/views';
import { ActionButton } from '../../components/action-button';
import { Field } from '../../components/field';
import type { GateAction } from '../../hooks/use-gate-action';

/** How long a held tool call waits for an answer before it is denied. */
export function AskTimeoutForm({
  view,
  action,
  onView,
}: {
  readonly view: GuardView;
  readonly action: GateAction;
  onView(view: GuardView): void;
}): ReactNode {
  const [seconds, setSeconds] = useState(String(view.askTimeoutSeconds));
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const next = await action.run(
      'guard:setAskTimeout',
      { seconds: Number(seconds) },
      { what: 'save the ask timeout' },
    );
    if (next !== undefined) onView(next);
  };
  return (
    <form className="inline-form" onSubmit={(event) => void save(event)}>
      <Field
        label="Ask timeout (seconds)"
        hint="Unanswered questions are denied after this time (5 to 3600)."
      >
        {(control) => (
          <input
            {...control}
            type="number"
            inputMode="numeric"
            min={5}
            max={3600}
            step={1}
            required
            value={seconds}
            onChange={(event) => setSeconds(event.target.value)}
          />
        )}
      </Field>
      <ActionButton type="submit" busy={action.isPending('guard:setAskTimeout')}>
        Save timeout
      </ActionButton>
    </form>
  );
}
