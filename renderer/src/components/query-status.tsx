import type { ReactNode } from 'react';
import type { GateQuery } from '../hooks/use-gate-query';

/** Shows "Loading…" before the first answer and a failed request's message with Retry. */
export function QueryStatus<T>({
  query,
  what,
}: {
  readonly query: GateQuery<T>;
  /** What is being loaded, e.g. "the servers". */
  readonly what: string;
}): ReactNode {
  if (query.error !== null) {
    return (
      <div className="callout callout-error" role="alert">
        <p>
          <strong>Could not load {what}.</strong> {query.error}
        </p>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          onClick={() => void query.reload()}
        >
          Try again
        </button>
      </div>
    );
  }
  if (query.data === undefined && query.loading) {
    return (
      <p className="loading" aria-live="polite">
        Loading {what}…
      </p>
    );
  }
  return null;
}
