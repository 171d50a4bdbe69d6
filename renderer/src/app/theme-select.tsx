import { useState, type ReactNode } from 'react';
import { readTheme, saveTheme, type ThemeChoice } from '../util/theme';

const CHOICES: readonly { readonly value: ThemeChoice; readonly label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** The Theme select of the header; the choice is kept in localStorage. */
export function ThemeSelect(): ReactNode {
  const [choice, setChoice] = useState<ThemeChoice>(() => readTheme(window.localStorage));
  return (
    <label className="theme-select">
      <span>Theme</span>
      <select
        value={choice}
        onChange={(event) => {
          const next = CHOICES.find((c) => c.value === event.target.value)?.value ?? 'system';
          setChoice(next);
          saveTheme(window.localStorage, document.documentElement, next);
        }}
      >
        {CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}
