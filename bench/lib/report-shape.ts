/** The targets every scenario measures, side by side. */
export type TargetName = 'direct' | 'nginx' | 'gate';

/** Scenario names, as the JSON file and the table show them. */
export type ScenarioName = 'json-call' | 'sse-call' | 'guard-on' | 'tools-list-500';

/** Closed-loop load numbers of one target (medians over the repeats). */
export interface TargetNumbers {
  readonly rps: number | null;
  readonly p50_ms: number | null;
  readonly p99_ms: number | null;
  /** CPU time (user + system) the proxy process used per request, µs; null for direct. */
  readonly cpu_us_per_request: number | null;
  /** wrk runs the medians come from. */
  readonly runs: number;
  /** Non-2xx responses and socket errors over all runs (should be 0). */
  readonly errors: number;
}

/** Ratios of one scenario; each is the median of per-round ratios. */
export interface ScenarioRatios {
  readonly gate_vs_nginx_rps: number | null;
  readonly gate_vs_direct_rps: number | null;
  /** (gate p50 − direct p50) / (nginx p50 − direct p50): the target is ≤ 1.5. */
  readonly gate_vs_nginx_added_p50: number | null;
  /** Gate CPU per request / nginx worker CPU per request: steadier than req/s on a busy machine. */
  readonly gate_vs_nginx_cpu_per_request: number | null;
  /** guard-on only: gate with inspection on / off. */
  readonly gate_on_vs_off_rps?: number | null;
}

/** One scenario at one connection count. */
export interface ScenarioResult {
  readonly name: ScenarioName;
  readonly connections: number;
  readonly direct: TargetNumbers;
  readonly nginx: TargetNumbers;
  readonly gate: TargetNumbers;
  /** guard-on only: the gate with inspection off. */
  readonly gate_off?: TargetNumbers;
  readonly ratio: ScenarioRatios;
  /** Median p50 added over direct, in ms. */
  readonly added_p50_ms: { readonly nginx: number | null; readonly gate: number | null };
  /** What exactly was compared, when it needs saying (guard-on). */
  readonly measured?: string;
}

/** SSE streaming: throughput of a 10,000-event stream and delay of paced events. */
export interface SseResult {
  readonly events_per_s: Readonly<Record<TargetName, number | null>>;
  /** gate p99 delay − direct p99 delay, ms. */
  readonly added_delay_p99_ms: number | null;
  readonly added_delay_p50_ms: number | null;
  /** nginx p99 delay − direct p99 delay, ms (for comparison). */
  readonly nginx_added_delay_p99_ms: number | null;
  /** Upstream send → client receive delay per target, ms. */
  readonly delay_ms: Readonly<
    Record<TargetName, { readonly p50: number | null; readonly p99: number | null }>
  >;
  readonly flood_events: number;
  readonly flood_streams_per_target: number;
  readonly paced_events: number;
  readonly paced_interval_ms: number;
  readonly paced_streams_per_target: number;
}

/** The gate process's footprint. */
export interface ResourcesResult {
  readonly idle_rss_mb: number | null;
  /** Idle RSS split: private memory, and mapped files (the node binary, shared with other node processes). */
  readonly idle_rss_anon_mb: number | null;
  readonly idle_rss_file_mb: number | null;
  readonly rss_after_100k_mb: number | null;
  /** RSS growth over a further `rss_growth_requests` requests after that reading: the leak signal (the first load sizes the V8 heap). */
  readonly rss_growth_mb: number | null;
  readonly rss_growth_requests: number;
  /** Requests the gate had forwarded when `rss_after_100k_mb` was read (quick runs: fewer than 100k). */
  readonly requests_before_rss: number;
  /** Client-side plus upstream-side connections above the baseline once the aborts settled. */
  readonly leaked_sockets: number;
  readonly sockets_baseline: { readonly client: number; readonly upstream: number };
  readonly sockets_after: { readonly client: number; readonly upstream: number };
  readonly aborts: number;
  /** Upstream streams still open after the aborts (the gate must cancel them). */
  readonly upstream_streams_open_after: number;
  readonly cold_start_ms: number | null;
  readonly cold_start_runs_ms: readonly number[];
  /** RSS after each phase, MB. */
  readonly rss_samples_mb: Readonly<Record<string, number | null>>;
}

/** One of the targets, checked against this run. */
export interface TargetCheck {
  readonly name: string;
  readonly value: number | null;
  readonly limit: number;
  readonly comparison: '>=' | '<=';
  readonly unit: string;
  readonly met: boolean | null;
}

/** Where and with what the run happened. */
export interface HostFacts {
  readonly cpu_model: string;
  readonly cores: number;
  readonly os: string;
  readonly node: string;
  readonly nginx: string;
  readonly wrk: string;
  readonly load_average_at_start: readonly number[];
}

/** Per target: requests the upstream saw and how many carried a wrong Authorization. */
export type AuthCheck = Readonly<
  Record<string, { readonly requests: number; readonly wrong_authorization: number }>
>;

/** The whole JSON file written to bench/results/. */
export interface BenchReport {
  readonly date: string;
  /** `custom` when --repeats or --duration changed a full run. */
  readonly mode: 'quick' | 'full' | 'custom';
  readonly settings: Readonly<Record<string, number | string | boolean | readonly number[]>>;
  readonly host: HostFacts;
  readonly gate_cli: { readonly path: string; readonly stale: boolean; readonly note: string };
  readonly scenarios: readonly ScenarioResult[];
  readonly sse: SseResult;
  readonly resources: ResourcesResult;
  readonly targets: readonly TargetCheck[];
  readonly auth_check: AuthCheck;
  readonly notes: readonly string[];
}
