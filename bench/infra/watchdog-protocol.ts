/** Messages from the harness to its watchdog process. */
export type ToWatchdog =
  | { readonly type: 'watch'; readonly pid: number }
  | { readonly type: 'forget'; readonly pid: number }
  /** A temporary directory to delete once the harness is gone. */
  | { readonly type: 'remove'; readonly path: string };
