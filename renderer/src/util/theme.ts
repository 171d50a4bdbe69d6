/** The theme the user picked: follow the system, or force light or dark. */
export type ThemeChoice = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'mcp-gate-theme';

/** The saved theme choice, `system` when none is saved. */
export function readTheme(storage: Storage): ThemeChoice {
  try {
    const saved = storage.getItem(STORAGE_KEY);
    return saved === 'light' || saved === 'dark' ? saved : 'system';
  } catch {
    return 'system';
  }
}

/** Saves the choice and applies it to the document (`data-theme` drives the CSS variables). */
export function saveTheme(storage: Storage, root: HTMLElement, choice: ThemeChoice): void {
  try {
    storage.setItem(STORAGE_KEY, choice);
  } catch {
    // storage disabled: the choice lasts until reload
  }
  applyTheme(root, choice);
}

/** Applies a choice to the document without saving it. */
export function applyTheme(root: HTMLElement, choice: ThemeChoice): void {
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
}
