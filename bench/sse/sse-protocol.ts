/** A GET stream to open: the full URL and the headers the client sends itself. */
export interface StreamRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Work for the SSE client process. */
export type ToSseClient =
  | ({ readonly type: 'flood'; readonly id: number; readonly events: number } & StreamRequest)
  | ({ readonly type: 'paced'; readonly id: number } & StreamRequest)
  | ({
      readonly type: 'aborts';
      readonly id: number;
      readonly count: number;
      readonly concurrency: number;
    } & StreamRequest);

/** Answers of the SSE client process. */
export type FromSseClient =
  | { readonly type: 'ready' }
  | { readonly type: 'flood'; readonly id: number; readonly events: number; readonly ms: number }
  | { readonly type: 'paced'; readonly id: number; readonly delaysMs: readonly number[] }
  | {
      readonly type: 'aborts';
      readonly id: number;
      readonly aborted: number;
      readonly failed: number;
    }
  | { readonly type: 'error'; readonly id: number; readonly message: string };
