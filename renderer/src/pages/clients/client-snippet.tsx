import type { ReactNode } from 'react';
import type { ClientSnippetView } from '../../../../shared/ipc/views';
import { CopyButton } from '../../components/copy-button';

/** The values to paste for a form-configured client (Dify, Lingma), each with a Copy button. */
export function ClientSnippetFields({
  snippet,
}: {
  readonly snippet: ClientSnippetView;
}): ReactNode {
  if (snippet.fields.length === 0) return null;
  return (
    <dl className="snippet-fields">
      {snippet.fields.map((field) => (
        <div key={field.label} className="snippet-field">
          <dt>{field.label}</dt>
          <dd>
            <span className="mono wrap">{field.value}</span>
            <CopyButton small label="Copy" ariaLabel={`Copy ${field.label}`} text={field.value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
