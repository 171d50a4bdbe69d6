import { describe, expect, it } from 'vitest';
import { UserError } from '../../electron/core/errors';
import { blockedMessage } from '../../electron/core/proxy/handle-request';
import { jsonRpcError, ProxyErrorCode } from '../../electron/core/proxy/json-rpc-error';
import { parseUpstream } from '../../electron/core/proxy/proxy-options';
import { clientErrorResponse } from '../../electron/core/proxy/proxy-server';
import {
  describeUpstreamError,
  upstreamUnreachableMessage,
} from '../../electron/core/proxy/upstream-error';

const withCode = (code: string, cause?: unknown): Error =>
  Object.assign(new Error('x'), { code }, cause === undefined ? {} : { cause });

describe('jsonRpcError', () => {
  it('has the JSON-RPC 2.0 error shape with a null id', () => {
    expect(jsonRpcError(ProxyErrorCode.blocked, 'no')).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32002, message: 'no' },
    });
  });
});

describe('blockedMessage', () => {
  it.each([
    ['blocked', 'ram', 'This MCP server is blocked by rule "ram" in --blocked-servers.'],
    ['not-allowed', null, 'This MCP server is not in --allowed-servers.'],
  ] as const)('%s %s', (list, rule, expected) => {
    expect(blockedMessage(list, rule)).toBe(expected);
  });
});

describe('describeUpstreamError', () => {
  it.each([
    [withCode('ECONNREFUSED'), 'connection refused'],
    [withCode('ENOTFOUND'), 'DNS lookup failed (host not found)'],
    [withCode('EAI_AGAIN'), 'DNS lookup failed (temporary failure: check the network)'],
    [withCode('UND_ERR_CONNECT_TIMEOUT'), 'connection timed out'],
    [withCode('UND_ERR_HEADERS_TIMEOUT'), 'no response headers in time'],
    [
      withCode('ERR_SSL_WRONG_VERSION_NUMBER'),
      'TLS handshake failed (ERR_SSL_WRONG_VERSION_NUMBER)',
    ],
    [
      withCode('DEPTH_ZERO_SELF_SIGNED_CERT'),
      'TLS certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT): if a private or corporate CA signs it, trust that CA with NODE_EXTRA_CA_CERTS',
    ],
    [
      withCode('UNABLE_TO_VERIFY_LEAF_SIGNATURE'),
      'TLS certificate not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE): if a private or corporate CA signs it, trust that CA with NODE_EXTRA_CA_CERTS',
    ],
    [withCode('CERT_HAS_EXPIRED'), 'TLS handshake failed (CERT_HAS_EXPIRED)'],
    [
      withCode('ERR_TLS_CERT_ALTNAME_INVALID'),
      'TLS handshake failed (ERR_TLS_CERT_ALTNAME_INVALID)',
    ],
    [withCode('UND_ERR_SOCKET', withCode('ECONNRESET')), 'connection closed by the upstream'],
    [withCode('UNKNOWN', withCode('ECONNREFUSED')), 'connection refused'],
    [withCode('EWHATEVER'), 'request failed (EWHATEVER)'],
    [new Error('plain'), 'request failed'],
    ['a string', 'request failed'],
  ])('%#: %s', (error, expected) => {
    expect(describeUpstreamError(error)).toBe(expected);
  });

  it('names upstream and cause in the client message', () => {
    expect(upstreamUnreachableMessage('https://up.example.com', withCode('ECONNREFUSED'))).toBe(
      'Cannot reach the MCP upstream https://up.example.com: connection refused',
    );
  });
});

describe('clientErrorResponse', () => {
  it.each([
    ['HPE_HEADER_OVERFLOW', 'HTTP/1.1 431 Request Header Fields Too Large\r\n'],
    ['ERR_HTTP_REQUEST_TIMEOUT', 'HTTP/1.1 408 Request Timeout\r\n'],
    ['HPE_INVALID_METHOD', 'HTTP/1.1 400 Bad Request\r\n'],
    [undefined, 'HTTP/1.1 400 Bad Request\r\n'],
  ])('%s', (code, statusLine) => {
    const raw = clientErrorResponse(code);
    expect(raw.startsWith(statusLine)).toBe(true);
    const [head, body] = raw.split('\r\n\r\n');
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body ?? '')}`);
    expect(JSON.parse(body ?? '')).toMatchObject({ jsonrpc: '2.0', id: null });
  });
});

describe('parseUpstream', () => {
  it.each([
    [
      'https://openapi-mcp.cn-hangzhou.aliyuncs.com',
      { origin: 'https://openapi-mcp.cn-hangzhou.aliyuncs.com', pathPrefix: '' },
    ],
    [
      'https://openapi-mcp.cn-hangzhou.aliyuncs.com/',
      { origin: 'https://openapi-mcp.cn-hangzhou.aliyuncs.com', pathPrefix: '' },
    ],
    ['http://127.0.0.1:9000/gw/', { origin: 'http://127.0.0.1:9000', pathPrefix: '/gw' }],
  ])('%s', (url, expected) => {
    expect(parseUpstream(url)).toEqual(expected);
  });

  it.each(['not a url', 'ftp://x.example.com', 'https://x.example.com/?a=1'])(
    'refuses %s',
    (url) => {
      expect(() => parseUpstream(url)).toThrow(UserError);
    },
  );
});
