/** The marker after which a run writes its table into docs/PERFORMANCE.md. */
export const DOCS_START = '<!-- bench:start -->';
/** The marker that ends the run's table. */
export const DOCS_END = '<!-- bench:end -->';

/**
 * Puts `content` between the start and end markers of `doc`, replacing what was there;
 * appends a "Latest run" section with the markers when the document has none.
 */
export function replaceDocsBlock(doc: string, content: string): string {
  const block = `${DOCS_START}\n\n${content.trim()}\n\n${DOCS_END}`;
  const start = doc.indexOf(DOCS_START);
  const end = doc.indexOf(DOCS_END, start + DOCS_START.length);
  if (start === -1 || end === -1) {
    return `${doc.trimEnd()}\n\n## Latest run\n\n${block}\n`;
  }
  return doc.slice(0, start) + block + doc.slice(end + DOCS_END.length);
}
