export { createUpstreamClient } from './upstream-client';
export type {
  UpstreamClient,
  UpstreamClientOptions,
  UpstreamRequest,
  UpstreamResponse,
} from './upstream-types';
export { UpstreamBody } from './upstream-body';
export { UpstreamAbortError, UpstreamError, type UpstreamErrorCode } from './upstream-error';
