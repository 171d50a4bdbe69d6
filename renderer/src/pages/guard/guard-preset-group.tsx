import { useState, type ReactNode } from 'react';
import type { GuardPreset, GuardView } from '../../../../shared/ipc/views';
import { PageSection } from '../../components/page-section';
import type { GateAction } from '../../hooks/use-gate-action';

const PRESETS: readonly {
  readonly value: GuardPreset;
  readonly label: string;
  readonly hint: string;
}[] = [
  {
    value: 'read-only',
    label: 'Read-only',
    hint: 'Tools that only read (Describe*, List*, Get*…) run; everything else is denied.',
  },
  {
    value: 'ask-before-changes',
    label: 'Ask before changes',
    hint: 'Reading tools run; a tool that changes something waits until you allow it here.',
  },
  { value: 'allow-all', label: 'Allow all', hint: 'Every tool call runs without asking.' },
];

/** The Guard preset as a radio group; a change is saved at once. */
export function GuardPresetGroup({
  view,
  action,
  onView,
}: {
  readonly view: GuardView;
  readonly action: GateAction;
  onView(view: GuardView): void;
}): ReactNode {
  const [chosen, setChosen] = useState<GuardPreset | null>(null);
  const choose = async (preset: GuardPreset): Promise<void> => {
    setChosen(preset);
    const next = await action.run('guard:setPreset', { preset }, { what: 'change the preset' });
    setChosen(null);
    if (next !== undefined) onView(next);
  };
  const shown = chosen ?? view.preset;
  return (
    <PageSection title="Preset">
      <fieldset className="radio-group" disabled={action.isPending('guard:setPreset')}>
        <legend>When no rule matches a tool call</legend>
        {PRESETS.map((preset) => (
          <label key={preset.value} className="radio">
            <input
              type="radio"
              name="guard-preset"
              value={preset.value}
              checked={shown === preset.value}
              onChange={() => void choose(preset.value)}
            />
            <span>
              <strong>{preset.label}</strong>
              <small className="muted block">{preset.hint}</small>
            </span>
          </label>
        ))}
      </fieldset>
    </PageSection>
  );
}
