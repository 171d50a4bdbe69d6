import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseOrigin } from '../../electron/core/upstream/origin';
import { serializeRequestHead } from '../../electron/core/upstream/request-head';
import type { UpstreamRequest } from '../../electron/core/upstream/upstream-types';

const HOST = 'mcp.example.com';

function request(overrides: Partial<UpstreamRequest>): UpstreamRequest {
  return { method: 'GET', path: '/mcp', headers: {}, body: null, ...overrides };
}

describe('serializeRequestHead', () => {
  it.each([
    {
      name: 'a GET without a body declares no length',
      req: request({ headers: { accept: 'application/json' } }),
      text: 'GET /mcp HTTP/1.1\r\nhost: mcp.example.com\r\naccept: application/json\r\n\r\n',
    },
    {
      name: 'a DELETE without a body declares no length',
      req: request({ method: 'DELETE', path: '/mcp?session=1' }),
      text: 'DELETE /mcp?session=1 HTTP/1.1\r\nhost: mcp.example.com\r\n\r\n',
    },
    {
      name: 'a POST without a body declares content-length 0',
      req: request({ method: 'POST' }),
      text: 'POST /mcp HTTP/1.1\r\nhost: mcp.example.com\r\ncontent-length: 0\r\n\r\n',
    },
    {
      name: 'a PUT with an empty buffer declares content-length 0',
      req: request({ method: 'PUT', body: Buffer.alloc(0) }),
      text: 'PUT /mcp HTTP/1.1\r\nhost: mcp.example.com\r\ncontent-length: 0\r\n\r\n',
    },
    {
      name: 'a buffer body declares its length, replacing a given one',
      req: request({
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': '99' },
        body: Buffer.from('{"a":"é"}'),
      }),
      text:
        'POST /mcp HTTP/1.1\r\nhost: mcp.example.com\r\ncontent-type: application/json\r\n' +
        'content-length: 10\r\n\r\n',
    },
    {
      name: 'a repeated field goes out as several lines',
      req: request({ headers: { 'x-list': ['a', 'b'], accept: '*/*' } }),
      text: 'GET /mcp HTTP/1.1\r\nhost: mcp.example.com\r\nx-list: a\r\nx-list: b\r\naccept: */*\r\n\r\n',
    },
    {
      name: 'host, connection, keep-alive and transfer-encoding from the caller are dropped',
      req: request({
        headers: {
          host: 'evil.example',
          Connection: 'close',
          'keep-alive': 'timeout=1',
          'transfer-encoding': 'chunked',
          accept: '*/*',
        },
      }),
      text: 'GET /mcp HTTP/1.1\r\nhost: mcp.example.com\r\naccept: */*\r\n\r\n',
    },
    {
      name: 'latin1 characters in a value are allowed',
      req: request({ headers: { 'x-name': 'café' } }),
      text: 'GET /mcp HTTP/1.1\r\nhost: mcp.example.com\r\nx-name: café\r\n\r\n',
    },
  ])('$name', ({ req, text }) => {
    expect(serializeRequestHead(req, HOST)).toEqual({
      text,
      chunked: false,
      length: req.body === null ? 0 : (req.body as Buffer).length,
    });
  });

  it('frames a stream chunked when no content-length is given', () => {
    const head = serializeRequestHead(
      request({ method: 'POST', body: Readable.from([Buffer.from('x')]) }),
      HOST,
    );
    expect(head).toEqual({
      text: 'POST /mcp HTTP/1.1\r\nhost: mcp.example.com\r\ntransfer-encoding: chunked\r\n\r\n',
      chunked: true,
      length: -1,
    });
  });

  it('frames a stream with its given content-length', () => {
    const head = serializeRequestHead(
      request({
        method: 'POST',
        headers: { 'content-length': '5', accept: '*/*' },
        body: Readable.from([Buffer.from('hello')]),
      }),
      HOST,
    );
    expect(head).toEqual({
      text: 'POST /mcp HTTP/1.1\r\nhost: mcp.example.com\r\naccept: */*\r\ncontent-length: 5\r\n\r\n',
      chunked: false,
      length: 5,
    });
  });

  it.each([
    [
      'a method with a space',
      request({ method: 'GET /x' }),
      /method "GET \/x" is not an HTTP token/,
    ],
    ['a method with CRLF', request({ method: 'GET\r\n' }), /method .* is not an HTTP token/],
    ['a path with CRLF', request({ path: '/a\r\nx-evil: 1' }), /path .* must start with "\/"/],
    ['a path with a space', request({ path: '/a b' }), /path "\/a b"/],
    ['a path with NUL', request({ path: '/a\0' }), /path/],
    ['an absolute-form path', request({ path: 'http://x/a' }), /must start with "\/"/],
    ['a header name with CRLF', request({ headers: { 'x\r\nevil': '1' } }), /header name/],
    ['a header name with a colon', request({ headers: { 'x:y': '1' } }), /header name/],
    ['a header name with a space', request({ headers: { 'x y': '1' } }), /header name/],
    ['a value with CRLF', request({ headers: { a: 'b\r\nx-evil: 1' } }), /header injection/],
    ['a value with a bare LF', request({ headers: { a: 'b\nc' } }), /header injection/],
    ['a value with a bare CR', request({ headers: { a: 'b\rc' } }), /header injection/],
    ['a value with NUL', request({ headers: { a: 'b\0' } }), /header injection/],
    ['a value above U+00FF', request({ headers: { a: '名' } }), /header injection/],
    ['an array item with LF', request({ headers: { a: ['ok', 'b\nc'] } }), /header injection/],
    [
      'a stream with a content-length that is not a number',
      request({ method: 'POST', headers: { 'content-length': '5x' }, body: Readable.from([]) }),
      /content-length "5x" is not a number/,
    ],
  ])('rejects %s', (_name, req, message) => {
    let thrown: unknown;
    try {
      serializeRequestHead(req, HOST);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'UPSTREAM_INVALID_REQUEST', message });
    expect((thrown as Error).message).toMatch(/^Invalid upstream request: /);
  });
});

describe('parseOrigin', () => {
  it.each([
    [
      'https://openapi-mcp.cn-hangzhou.aliyuncs.com',
      {
        origin: 'https://openapi-mcp.cn-hangzhou.aliyuncs.com',
        secure: true,
        host: 'openapi-mcp.cn-hangzhou.aliyuncs.com',
        port: 443,
        hostField: 'openapi-mcp.cn-hangzhou.aliyuncs.com',
        servername: 'openapi-mcp.cn-hangzhou.aliyuncs.com',
      },
    ],
    [
      'https://example.com:443/',
      {
        origin: 'https://example.com',
        secure: true,
        host: 'example.com',
        port: 443,
        hostField: 'example.com',
        servername: 'example.com',
      },
    ],
    [
      'http://example.com:80',
      {
        origin: 'http://example.com',
        secure: false,
        host: 'example.com',
        port: 80,
        hostField: 'example.com',
        servername: 'example.com',
      },
    ],
    [
      'https://127.0.0.1:8443',
      {
        origin: 'https://127.0.0.1:8443',
        secure: true,
        host: '127.0.0.1',
        port: 8443,
        hostField: '127.0.0.1:8443',
        servername: null,
      },
    ],
    [
      'http://[::1]:8080',
      {
        origin: 'http://[::1]:8080',
        secure: false,
        host: '::1',
        port: 8080,
        hostField: '[::1]:8080',
        servername: null,
      },
    ],
  ])('%s', (origin, expected) => {
    expect(parseOrigin(origin)).toEqual(expected);
  });

  it.each([
    ['ftp://example.com', /must start with http:\/\/ or https:\/\//],
    ['https://example.com/mcp', /must have no path, query or user/],
    ['https://example.com?a=b', /must have no path/],
    ['https://user@example.com', /must have no path/],
    ['not a url', /is not a URL/],
  ])('rejects %s', (origin, message) => {
    expect(() => parseOrigin(origin)).toThrow(message);
  });
});
