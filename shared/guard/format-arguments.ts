/** How far `formatArguments` folds long values. */
export interface FoldLimits {
  /** Characters of a string kept before it is folded. */
  readonly maxString: number;
  /** Items of an array (or keys of an object) kept before the rest are folded. */
  readonly maxItems: number;
  /** Nesting shown before deeper values are folded. */
  readonly maxDepth: number;
  /** Characters of the whole text. */
  readonly maxChars: number;
}

/** The folding used for questions: enough to judge a call, short enough to read. */
export const DEFAULT_FOLD_LIMITS: FoldLimits = {
  maxString: 200,
  maxItems: 50,
  maxDepth: 6,
  maxChars: 8000,
};

function fold(value: unknown, limits: FoldLimits, depth: number): unknown {
  if (typeof value === 'string') {
    return value.length <= limits.maxString
      ? value
      : `${value.slice(0, limits.maxString)}… (${value.length - limits.maxString} more characters)`;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= limits.maxDepth) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) {
    const shown = value.slice(0, limits.maxItems).map((item) => fold(item, limits, depth + 1));
    if (value.length > limits.maxItems)
      shown.push(`… ${value.length - limits.maxItems} more items`);
    return shown;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries.slice(0, limits.maxItems)) {
    out[key] = fold(item, limits, depth + 1);
  }
  if (entries.length > limits.maxItems) out['…'] = `${entries.length - limits.maxItems} more keys`;
  return out;
}

/** A tool call's arguments pretty-printed for a person, with long strings, lists and nesting folded. */
export function formatArguments(value: unknown, limits: FoldLimits = DEFAULT_FOLD_LIMITS): string {
  const text = JSON.stringify(fold(value ?? {}, limits, 0), null, 2) ?? String(value);
  return text.length <= limits.maxChars
    ? text
    : `${text.slice(0, limits.maxChars)}\n… (${text.length - limits.maxChars} more characters)`;
}
