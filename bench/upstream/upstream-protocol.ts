/** Counters the upstream keeps. */
export interface UpstreamStats {
  readonly requests: number;
  /** Requests whose Authorization was not `Bearer <an issued token>`. */
  readonly wrongAuthorization: number;
  /** GET streams currently open. */
  readonly openStreams: number;
}

/** Messages from the harness to the upstream process. */
export type ToUpstream =
  | { readonly type: 'tokens'; readonly tokens: readonly string[] }
  | { readonly type: 'stats'; readonly id: number };

/** Messages from the upstream process to the harness. */
export type FromUpstream =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'tokens-set' }
  | { readonly type: 'stats'; readonly id: number; readonly stats: UpstreamStats };
