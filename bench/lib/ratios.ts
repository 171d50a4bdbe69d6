import { median } from './stats';

/** `numerator / denominator`, or NaN when either is not a finite number or the denominator is not positive. */
export function ratio(numerator: number, denominator: number): number {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator <= 0) {
    return Number.NaN;
  }
  return numerator / denominator;
}

/** One measurement round: the same metric for several targets, measured back to back. */
export type Round = Readonly<Record<string, number>>;

/**
 * The median over rounds of `rounds[i][a] / rounds[i][b]`: a ratio taken within each round
 * (same minute, same machine noise) and then summarised, so drift between rounds cancels out.
 */
export function medianRoundRatio(rounds: readonly Round[], a: string, b: string): number {
  const ratios = rounds
    .map((round) => ratio(round[a] ?? Number.NaN, round[b] ?? Number.NaN))
    .filter((value) => Number.isFinite(value));
  return median(ratios);
}

/**
 * How much latency a proxy adds compared with another proxy: (proxy − direct) / (other − direct).
 * NaN when the other proxy adds nothing measurable (≤ 0), since the ratio would be meaningless.
 */
export function addedLatencyRatio(proxy: number, other: number, direct: number): number {
  return ratio(proxy - direct, other - direct);
}
