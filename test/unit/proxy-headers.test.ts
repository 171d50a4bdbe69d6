import { describe, expect, it } from 'vitest';
import {
  clientResponseHeaders,
  connectionListedHeaders,
  isEventStream,
  upstreamRequestHeaders,
} from '../../electron/core/proxy/headers';

describe('upstreamRequestHeaders', () => {
  it.each([
    {
      name: 'replaces the client Authorization with the proxy token',
      client: { authorization: 'Bearer client-secret', accept: 'application/json' },
      expected: {
        accept: 'application/json',
        'accept-encoding': 'identity',
        authorization: 'Bearer t1',
      },
    },
    {
      name: 'drops Cookie, X-MCP-Gate-Key, Host, Expect and the client Accept-Encoding',
      client: {
        cookie: 'a=b',
        'x-mcp-gate-key': 'k',
        host: '127.0.0.1:8088',
        expect: '100-continue',
        'accept-encoding': 'gzip',
      },
      expected: { 'accept-encoding': 'identity', authorization: 'Bearer t1' },
    },
    {
      name: 'drops every RFC 9110 hop-by-hop header',
      client: {
        connection: 'keep-alive',
        'keep-alive': 'timeout=5',
        'proxy-connection': 'keep-alive',
        'proxy-authenticate': 'Basic',
        'proxy-authorization': 'Basic eA==',
        te: 'trailers',
        trailer: 'x-sum',
        'transfer-encoding': 'chunked',
        upgrade: 'websocket',
      },
      expected: { 'accept-encoding': 'identity', authorization: 'Bearer t1' },
    },
    {
      name: 'drops the headers named in Connection, case-insensitively',
      client: {
        connection: 'close, X-Secret ,x-other',
        'x-secret': '1',
        'x-other': '2',
        'x-kept': '3',
      },
      expected: { 'x-kept': '3', 'accept-encoding': 'identity', authorization: 'Bearer t1' },
    },
    {
      name: 'keeps MCP and content headers',
      client: {
        'mcp-session-id': 's1',
        'mcp-protocol-version': '2025-06-18',
        'last-event-id': '42',
        accept: 'application/json, text/event-stream',
        'content-type': 'application/json',
        'content-length': '17',
      },
      expected: {
        'mcp-session-id': 's1',
        'mcp-protocol-version': '2025-06-18',
        'last-event-id': '42',
        accept: 'application/json, text/event-stream',
        'content-type': 'application/json',
        'content-length': '17',
        'accept-encoding': 'identity',
        authorization: 'Bearer t1',
      },
    },
    {
      name: 'keeps repeated end-to-end headers as arrays and skips undefined values',
      client: { 'x-multi': ['a', 'b'], 'x-none': undefined },
      expected: {
        'x-multi': ['a', 'b'],
        'accept-encoding': 'identity',
        authorization: 'Bearer t1',
      },
    },
  ])('$name', ({ client, expected }) => {
    expect(upstreamRequestHeaders(client, 't1')).toEqual(expected);
  });
});

describe('clientResponseHeaders', () => {
  it.each([
    {
      name: 'never returns WWW-Authenticate or Set-Cookie',
      upstream: {
        'www-authenticate': 'Bearer resource_metadata="https://cloud"',
        'set-cookie': ['a=1', 'b=2'],
        'content-type': 'application/json',
        'content-length': '2',
      },
      expected: { 'content-type': 'application/json', 'content-length': '2' },
    },
    {
      name: 'drops hop-by-hop and Connection-listed headers',
      upstream: {
        connection: 'keep-alive, x-hop',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        'x-hop': '1',
        'mcp-session-id': 's1',
      },
      expected: { 'mcp-session-id': 's1' },
    },
    {
      name: 'makes event streams unbuffered and drops their length',
      upstream: {
        'content-type': 'text/event-stream; charset=utf-8',
        'content-length': '100',
        'cache-control': 'no-cache',
      },
      expected: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      },
    },
  ])('$name', ({ upstream, expected }) => {
    expect(clientResponseHeaders(upstream)).toEqual(expected);
  });
});

describe('connectionListedHeaders', () => {
  it.each([
    { value: undefined, expected: [] },
    { value: 'close', expected: ['close'] },
    { value: ' Keep-Alive , X-A,,', expected: ['keep-alive', 'x-a'] },
    { value: ['x-a', 'X-B, x-c'], expected: ['x-a', 'x-b', 'x-c'] },
  ])('$value → $expected', ({ value, expected }) => {
    expect(connectionListedHeaders(value)).toEqual(expected);
  });
});

describe('isEventStream', () => {
  it.each([
    { value: 'text/event-stream', expected: true },
    { value: 'Text/Event-Stream; charset=utf-8', expected: true },
    { value: ['text/event-stream'], expected: true },
    { value: 'application/json', expected: false },
    { value: 'text/event-streamx', expected: false },
    { value: undefined, expected: false },
  ])('$value → $expected', ({ value, expected }) => {
    expect(isEventStream(value)).toBe(expected);
  });
});
