import type { ServerResponse } from 'node:http';

/** JSON-RPC error codes the proxy answers with (implementation-defined server-error range). */
export const ProxyErrorCode = {
  badRequest: -32600,
  forbidden: -32001,
  blocked: -32002,
  tooLarge: -32003,
  signedOut: -32004,
  tokenRejected: -32005,
  upstreamUnreachable: -32006,
  unauthorized: -32007,
  internal: -32603,
} as const;

/** One of the JSON-RPC error codes the proxy uses. */
export type ProxyErrorCode = (typeof ProxyErrorCode)[keyof typeof ProxyErrorCode];

/** A JSON-RPC 2.0 error response (id null: the proxy answers before reading the request). */
export interface JsonRpcErrorBody {
  readonly jsonrpc: '2.0';
  readonly id: null;
  readonly error: { readonly code: number; readonly message: string };
}

/** Builds the JSON-RPC error body the proxy returns for a refused or failed request. */
export function jsonRpcError(code: ProxyErrorCode, message: string): JsonRpcErrorBody {
  return { jsonrpc: '2.0', id: null, error: { code, message } };
}

/**
 * Sends a JSON-RPC error with an HTTP status; closes the connection when the request body
 * was not read, so the client cannot keep streaming it. Returns the bytes written.
 */
export function sendJsonRpcError(
  res: ServerResponse,
  status: number,
  code: ProxyErrorCode,
  message: string,
  options: { readonly close?: boolean } = {},
): number {
  const body = Buffer.from(JSON.stringify(jsonRpcError(code, message)));
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return 0;
  }
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': body.length,
    'cache-control': 'no-store',
  };
  if (options.close === true) headers['connection'] = 'close';
  res.writeHead(status, headers);
  res.end(body);
  return body.length;
}
