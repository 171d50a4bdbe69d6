/** How much to measure; `--quick` trades precision for a run under a minute. */
export interface BenchOptions {
  readonly quick: boolean;
  /** Seconds per wrk run (wrk's smallest unit is one second). */
  readonly durationS: number;
  /** Seconds of load per target before the first measured round. */
  readonly warmupS: number;
  /** Measured rounds per scenario and connection count; each round runs every target once. */
  readonly repeats: number;
  readonly connections: readonly number[];
  readonly floodEvents: number;
  readonly floodStreams: number;
  readonly pacedEvents: number;
  readonly pacedIntervalMs: number;
  readonly pacedStreams: number;
  /** Requests the gate must have forwarded before its RSS is read again. */
  readonly rssRequests: number;
  readonly aborts: number;
  readonly coldStarts: number;
  /** Path of the built CLI to measure. */
  readonly gateCli: string;
  /** Write the table into docs/PERFORMANCE.md. */
  readonly writeDocs: boolean;
  /** Directory for a CPU profile of the main gate process (`node --cpu-prof`), or null. */
  readonly cpuProfileDir: string | null;
}

/** Measured rounds of a full run. */
export const FULL_REPEATS = 3;
/** Seconds per wrk run of a full run. */
export const FULL_DURATION_S = 5;

/** The usage text of `npm run bench -- [flags]`. */
export const BENCH_USAGE = `npm run bench -- [--quick] [--repeats N] [--duration S] [--gate-cli PATH] [--no-docs] [--cpu-prof DIR]
  --quick        the whole set in under a minute (1 s runs, one round, fewer requests); noisy
  --repeats N    measured rounds per scenario (default 3; quick 1)
  --duration S   seconds per wrk run (default 5; quick 1)
  --gate-cli P   the built CLI to measure (default dist/cli/mcp-gate.cjs)
  --no-docs      do not write the table into docs/PERFORMANCE.md
  --cpu-prof D   write a CPU profile of the main gate process into directory D`;

function positiveInt(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 1) {
    throw new Error(
      `${flag} needs a positive whole number (got ${value ?? 'nothing'}).\n${BENCH_USAGE}`,
    );
  }
  return n;
}

/** Reads the command line; throws with the usage text on an unknown flag. */
export function parseBenchArgs(argv: readonly string[], defaultGateCli: string): BenchOptions {
  const quick = argv.includes('--quick');
  let repeats = quick ? 1 : FULL_REPEATS;
  let durationS = quick ? 1 : FULL_DURATION_S;
  let gateCli = defaultGateCli;
  let writeDocs = true;
  let cpuProfileDir: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') continue;
    if (arg === '--repeats') repeats = positiveInt(arg, argv[++i]);
    else if (arg === '--duration') durationS = positiveInt(arg, argv[++i]);
    else if (arg === '--no-docs') writeDocs = false;
    else if (arg === '--gate-cli' || arg === '--cpu-prof') {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a path.\n${BENCH_USAGE}`);
      if (arg === '--gate-cli') gateCli = value;
      else cpuProfileDir = value;
    } else throw new Error(`Unknown flag ${String(arg)}.\n${BENCH_USAGE}`);
  }
  return {
    quick,
    durationS,
    warmupS: quick ? 1 : 3,
    repeats,
    connections: [1, 16, 64],
    floodEvents: 10_000,
    floodStreams: quick ? 3 : 10,
    pacedEvents: 100,
    pacedIntervalMs: 10,
    pacedStreams: quick ? 1 : 3,
    rssRequests: quick ? 20_000 : 100_000,
    aborts: 1_000,
    coldStarts: quick ? 3 : 7,
    gateCli,
    writeDocs,
    cpuProfileDir,
  };
}
