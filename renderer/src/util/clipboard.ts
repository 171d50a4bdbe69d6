/** Puts `text` on the clipboard; the error says what to do when the browser refuses. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    throw new Error(
      'The browser did not allow copying. Select the text on the page and copy it by hand.',
    );
  }
}
