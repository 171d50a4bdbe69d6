import type { Connection } from './connection';
import type { RequestHead } from './request-head';
import { UpstreamAbortError } from './upstream-error';
import type { UpstreamRequest, UpstreamResponse } from './upstream-types';

/** One request, from `request()` until its answer has ended or it failed. */
export class Exchange {
  readonly request: UpstreamRequest;
  readonly head: RequestHead;
  /** The body is in memory, so the request can be sent again (see `Connection`). */
  readonly replayable: boolean;
  readonly promise: Promise<UpstreamResponse>;
  /** Already sent once on a connection that closed before answering. */
  retried = false;
  /** The connection carrying it, or null while it waits in the queue. */
  connection: Connection | null = null;
  private settled = false;
  private responded = false;
  private resolve: (response: UpstreamResponse) => void = () => undefined;
  private reject: (error: Error) => void = () => undefined;

  constructor(request: UpstreamRequest, head: RequestHead) {
    this.request = request;
    this.head = head;
    this.replayable = request.body === null || Buffer.isBuffer(request.body);
    this.promise = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    request.signal?.addEventListener('abort', this.onAbort);
  }

  /** Still waiting for a connection, an answer or the end of its body. */
  get pending(): boolean {
    return !this.settled;
  }

  /** The final head arrived. */
  respond(response: UpstreamResponse): void {
    this.responded = true;
    this.resolve(response);
  }

  /** The answer has ended (or its body was given up). */
  finish(): void {
    if (this.settled) return;
    this.settled = true;
    this.connection = null;
    this.request.signal?.removeEventListener('abort', this.onAbort);
  }

  /** Rejects the request if no head arrived yet (a started body is failed by its connection). */
  fail(error: Error): void {
    if (this.settled) return;
    this.finish();
    if (!this.responded) this.reject(error);
  }

  private readonly onAbort = (): void => {
    const signal = this.request.signal;
    if (signal === undefined) return;
    const error = new UpstreamAbortError(signal);
    if (this.connection === null) this.fail(error);
    else this.connection.fail(error);
  };
}
