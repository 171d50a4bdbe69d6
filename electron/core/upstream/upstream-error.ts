/** Codes of the errors the upstream client raises itself (node's socket and TLS codes pass through). */
export type UpstreamErrorCode =
  | 'UPSTREAM_BAD_RESPONSE'
  | 'UPSTREAM_CLOSED'
  | 'UPSTREAM_INVALID_REQUEST'
  | 'UND_ERR_CONNECT_TIMEOUT'
  | 'UND_ERR_HEADERS_TIMEOUT'
  | 'UND_ERR_CLOSED'
  | 'UND_ERR_DESTROYED';

/** A failed upstream request; `code` is stable (the `UND_ERR_*` ones match undici's). */
export class UpstreamError extends Error {
  readonly code: UpstreamErrorCode;
  constructor(code: UpstreamErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UpstreamError';
    this.code = code;
  }
}

/** The request's AbortSignal fired; `cause` is the signal's reason. */
export class UpstreamAbortError extends Error {
  readonly code = 'ABORT_ERR';
  constructor(signal: AbortSignal) {
    super('the upstream request was aborted', { cause: signal.reason });
    this.name = 'AbortError';
  }
}

/** A malformed answer: `what` says what was wrong with it. */
export function badResponse(what: string): UpstreamError {
  return new UpstreamError('UPSTREAM_BAD_RESPONSE', `malformed upstream answer: ${what}`);
}

/** The message of an answer cut short by the upstream. */
export const CLOSED_EARLY = 'the upstream closed the connection before the end of the answer';
