/** What one wrk run reported (times in milliseconds). */
export interface WrkResult {
  readonly requests: number;
  readonly durationS: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p75Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  /** Responses with a status outside 2xx/3xx. */
  readonly non2xx: number;
  /** Connect, read, write and timeout errors, summed. */
  readonly socketErrors: number;
}

const TIME_UNITS_MS: Readonly<Record<string, number>> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Parses a wrk duration such as `812.00us`, `1.25ms` or `2.00s` into milliseconds; NaN when unreadable. */
export function parseWrkTime(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(us|ms|s|m|h)$/.exec(text.trim());
  if (match === null) return Number.NaN;
  return Number(match[1]) * (TIME_UNITS_MS[match[2] ?? ''] ?? Number.NaN);
}

function latencyAt(text: string, percent: number): number {
  const match = new RegExp(`^\\s*${percent}(?:\\.0+)?%\\s+(\\S+)\\s*$`, 'm').exec(text);
  return match?.[1] === undefined ? Number.NaN : parseWrkTime(match[1]);
}

/**
 * Parses the text wrk prints with `--latency`: totals, requests/s, the latency distribution,
 * non-2xx responses and socket errors. Throws when the totals are missing (wrk failed).
 */
export function parseWrkOutput(text: string): WrkResult {
  const totals = /^\s*(\d+) requests in (\S+),/m.exec(text);
  const rps = /^Requests\/sec:\s+(\d+(?:\.\d+)?)/m.exec(text);
  if (totals === null || rps === null) {
    throw new Error(`wrk printed no totals:\n${text.slice(0, 2000)}`);
  }
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(text);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const socketErrors =
    socket === null ? 0 : socket.slice(1, 5).reduce((sum, n) => sum + Number(n), 0);
  return {
    requests: Number(totals[1]),
    durationS: parseWrkTime(totals[2] ?? '') / 1000,
    rps: Number(rps[1]),
    p50Ms: latencyAt(text, 50),
    p75Ms: latencyAt(text, 75),
    p90Ms: latencyAt(text, 90),
    p99Ms: latencyAt(text, 99),
    non2xx: non2xx === null ? 0 : Number(non2xx[1]),
    socketErrors,
  };
}
