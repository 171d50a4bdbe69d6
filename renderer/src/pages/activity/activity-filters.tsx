import type { ReactNode } from 'react';
import type { ActivityOutcome, GuardDecisionKind } from '../../../../shared/activity';
import { DECISION_LABELS, OUTCOME_LABELS } from './outcome-labels';

/** The filter inputs as typed (empty means any). */
export interface ActivityFilterDraft {
  readonly client: string;
  readonly server: string;
  readonly outcome: ActivityOutcome | '';
  readonly decision: GuardDecisionKind | '';
  readonly text: string;
}

/** No filter at all. */
export const EMPTY_FILTER_DRAFT: ActivityFilterDraft = {
  client: '',
  server: '',
  outcome: '',
  decision: '',
  text: '',
};

const OUTCOMES = Object.keys(OUTCOME_LABELS) as ActivityOutcome[];
const DECISIONS = Object.keys(DECISION_LABELS) as GuardDecisionKind[];

/** The Activity filters: client, server, outcome and free text. */
export function ActivityFilters({
  draft,
  onDraft,
}: {
  readonly draft: ActivityFilterDraft;
  onDraft(draft: ActivityFilterDraft): void;
}): ReactNode {
  return (
    <form
      className="filters"
      role="search"
      aria-label="Filter activity"
      onSubmit={(event) => event.preventDefault()}
    >
      <label className="field">
        <span>Client</span>
        <input
          value={draft.client}
          maxLength={64}
          onChange={(event) => onDraft({ ...draft, client: event.target.value })}
        />
      </label>
      <label className="field">
        <span>Server</span>
        <input
          value={draft.server}
          maxLength={256}
          onChange={(event) => onDraft({ ...draft, server: event.target.value })}
        />
      </label>
      <label className="field">
        <span>Outcome</span>
        <select
          value={draft.outcome}
          onChange={(event) =>
            onDraft({ ...draft, outcome: OUTCOMES.find((o) => o === event.target.value) ?? '' })
          }
        >
          <option value="">Any</option>
          {OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {OUTCOME_LABELS[outcome]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Guard decision</span>
        <select
          value={draft.decision}
          onChange={(event) =>
            onDraft({ ...draft, decision: DECISIONS.find((d) => d === event.target.value) ?? '' })
          }
        >
          <option value="">Any</option>
          {DECISIONS.map((decision) => (
            <option key={decision} value={decision}>
              {DECISION_LABELS[decision]}
            </option>
          ))}
        </select>
      </label>
      <label className="field grow">
        <span>Search</span>
        <input
          type="search"
          value={draft.text}
          maxLength={256}
          placeholder="tool, path, reason…"
          onChange={(event) => onDraft({ ...draft, text: event.target.value })}
        />
      </label>
      {Object.values(draft).some((value) => value !== '') && (
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => onDraft(EMPTY_FILTER_DRAFT)}
        >
          Clear filters
        </button>
      )}
    </form>
  );
}
