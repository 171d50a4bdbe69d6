import type { ReactNode } from 'react';

/** A unified diff in a scrollable block, with added and removed lines marked. */
export function DiffView({
  diff,
  label,
}: {
  readonly diff: string;
  readonly label: string;
}): ReactNode {
  if (diff === '')
    return <p className="muted">No changes: the file already has what MCP Gate would write.</p>;
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    <pre className="diff" aria-label={label} tabIndex={0}>
      {lines.map((line, index) => (
        <span key={index} className={diffLineClass(line)}>
          {line}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}

function diffLineClass(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---')) return 'diff-file';
  if (line.startsWith('@@')) return 'diff-hunk';
  if (line.startsWith('+')) return 'diff-added';
  if (line.startsWith('-')) return 'diff-removed';
  return 'diff-context';
}
