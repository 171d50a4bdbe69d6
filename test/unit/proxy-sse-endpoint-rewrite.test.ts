import { describe, expect, it } from 'vitest';
import {
  rewriteEndpointUrl,
  SseEndpointRewrite,
  type EndpointRewrite,
} from '../../electron/core/proxy/sse-endpoint-rewrite';

const REWRITE: EndpointRewrite = {
  upstreamOrigin: 'https://openapi-mcp.cn-hangzhou.aliyuncs.com',
  upstreamPathPrefix: '',
  proxyOrigin: 'http://127.0.0.1:8088',
};
const UP = REWRITE.upstreamOrigin;

/** Feeds `chunks` through a fresh transform and returns everything it emitted. */
function run(chunks: readonly string[], rewrite: EndpointRewrite = REWRITE): string {
  const t = new SseEndpointRewrite(rewrite);
  const out: Buffer[] = [];
  t.on('data', (c: Buffer) => out.push(c));
  for (const c of chunks) t.write(Buffer.from(c));
  t.end();
  return Buffer.concat(out).toString();
}

describe('rewriteEndpointUrl', () => {
  it.each([
    [
      `${UP}/accounts/1/custom/s/id/a/messages?sessionId=x`,
      'http://127.0.0.1:8088/accounts/1/custom/s/id/a/messages?sessionId=x',
    ],
    [`${UP}:443/m?s=1`, 'http://127.0.0.1:8088/m?s=1'],
    [
      '/accounts/1/custom/s/id/a/messages?sessionId=x',
      '/accounts/1/custom/s/id/a/messages?sessionId=x',
    ],
    ['messages?sessionId=x', 'messages?sessionId=x'],
    ['https://other.example.com/m?s=1', 'https://other.example.com/m?s=1'],
    [
      'http://openapi-mcp.cn-hangzhou.aliyuncs.com/m',
      'http://openapi-mcp.cn-hangzhou.aliyuncs.com/m',
    ],
    ['', ''],
  ])('%s → %s', (value, expected) => {
    expect(rewriteEndpointUrl(value, REWRITE)).toBe(expected);
  });

  it('removes the upstream path prefix', () => {
    const prefixed = { ...REWRITE, upstreamPathPrefix: '/gw' };
    expect(rewriteEndpointUrl(`${UP}/gw/m?s=1`, prefixed)).toBe('http://127.0.0.1:8088/m?s=1');
    expect(rewriteEndpointUrl(`${UP}/gwx/m`, prefixed)).toBe('http://127.0.0.1:8088/gwx/m');
  });
});

const CASES: readonly { name: string; input: string; expected: string }[] = [
  {
    name: 'rewrites an absolute endpoint on the upstream (LF)',
    input: `event: endpoint\ndata: ${UP}/a/messages?sessionId=1\n\n`,
    expected: 'event: endpoint\ndata: http://127.0.0.1:8088/a/messages?sessionId=1\n\n',
  },
  {
    name: 'rewrites with CRLF line endings',
    input: `event: endpoint\r\ndata: ${UP}/a/messages?sessionId=1\r\n\r\n`,
    expected: 'event: endpoint\r\ndata: http://127.0.0.1:8088/a/messages?sessionId=1\r\n\r\n',
  },
  {
    name: 'rewrites with CR line endings and no space after the colon',
    input: `event:endpoint\rdata:${UP}/m?s=1\r\r`,
    expected: 'event:endpoint\rdata:http://127.0.0.1:8088/m?s=1\r\r',
  },
  {
    name: 'keeps a relative endpoint',
    input: 'event: endpoint\ndata: /a/messages?sessionId=1\n\n',
    expected: 'event: endpoint\ndata: /a/messages?sessionId=1\n\n',
  },
  {
    name: 'keeps an endpoint on another origin',
    input: 'event: endpoint\ndata: https://elsewhere.example.com/m\n\n',
    expected: 'event: endpoint\ndata: https://elsewhere.example.com/m\n\n',
  },
  {
    name: 'leaves other events alone, even when they carry upstream URLs',
    input: `event: message\ndata: ${UP}/x\n\ndata: ${UP}/y\n\n: comment ${UP}\nid: 7\nretry: 100\n\n`,
    expected: `event: message\ndata: ${UP}/x\n\ndata: ${UP}/y\n\n: comment ${UP}\nid: 7\nretry: 100\n\n`,
  },
  {
    name: 'stops rewriting at the end of the endpoint event',
    input: `event: endpoint\ndata: ${UP}/m\n\ndata: ${UP}/n\n\n`,
    expected: `event: endpoint\ndata: http://127.0.0.1:8088/m\n\ndata: ${UP}/n\n\n`,
  },
  {
    name: 'a later event field can turn the endpoint type off',
    input: `event: endpoint\nevent: message\ndata: ${UP}/m\n\n`,
    expected: `event: endpoint\nevent: message\ndata: ${UP}/m\n\n`,
  },
  {
    name: 'passes an unterminated last line through',
    input: 'event: endpoint\ndata: /m',
    expected: 'event: endpoint\ndata: /m',
  },
  {
    name: 'keeps multi-byte UTF-8 intact',
    input: 'data: 你好，世界 ✓\n\nevent: endpoint\ndata: /m?q=é\n\n',
    expected: 'data: 你好，世界 ✓\n\nevent: endpoint\ndata: /m?q=é\n\n',
  },
];

describe('SseEndpointRewrite', () => {
  it.each(CASES)('$name', ({ input, expected }) => {
    expect(run([input])).toBe(expected);
  });

  it.each(CASES)(
    'gives the same output for every split into three chunks: $name',
    ({ input, expected }) => {
      const bytes = Buffer.from(input);
      for (let a = 0; a <= bytes.length; a++) {
        for (let b = a; b <= bytes.length; b++) {
          const t = new SseEndpointRewrite(REWRITE);
          const out: Buffer[] = [];
          t.on('data', (c: Buffer) => out.push(c));
          t.write(bytes.subarray(0, a));
          t.write(bytes.subarray(a, b));
          t.write(bytes.subarray(b));
          t.end();
          expect(Buffer.concat(out).toString(), `split at ${a},${b}`).toBe(expected);
        }
      }
    },
  );

  it('passes an incomplete line of an ordinary event on at once', () => {
    const t = new SseEndpointRewrite(REWRITE);
    const out: string[] = [];
    t.on('data', (c: Buffer) => out.push(c.toString()));
    t.write(Buffer.from('event: message\ndata: {"partial":'));
    expect(out.join('')).toBe('event: message\ndata: {"partial":');
    t.write(Buffer.from('true}\n\n'));
    expect(out.join('')).toBe('event: message\ndata: {"partial":true}\n\n');
  });

  it('holds back only an incomplete endpoint data line', () => {
    const t = new SseEndpointRewrite(REWRITE);
    const out: string[] = [];
    t.on('data', (c: Buffer) => out.push(c.toString()));
    t.write(Buffer.from(`event: endpoint\ndata: ${UP}/m`));
    expect(out.join('')).toBe('event: endpoint\n');
    t.write(Buffer.from('?s=1\n\n'));
    expect(out.join('')).toBe('event: endpoint\ndata: http://127.0.0.1:8088/m?s=1\n\n');
  });

  it('lets an endpoint data line longer than 16 KiB through unchanged instead of holding it', () => {
    const long = `${UP}/${'x'.repeat(20_000)}`;
    const out = run([
      'event: endpoint\n',
      `data: ${long.slice(0, 10_000)}`,
      long.slice(10_000, 20_000),
      `${long.slice(20_000)}\n\n`,
    ]);
    expect(out === `event: endpoint\ndata: ${long}\n\n`).toBe(true);
  });
});
