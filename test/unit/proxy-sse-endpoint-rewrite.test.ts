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

/** Feeds `chunks` through a fresh transform and returns the chunks it emitted, as emitted. */
function emitted(chunks: readonly Buffer[], rewrite: EndpointRewrite = REWRITE): Buffer[] {
  const t = new SseEndpointRewrite(rewrite);
  const out: Buffer[] = [];
  t.on('data', (c: Buffer) => out.push(c));
  for (const c of chunks) t.write(c);
  t.end();
  return out;
}

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
  {
    name: 'rewrites `event:endpoint` without a space, with LF line endings',
    input: `event:endpoint\ndata:${UP}/m?s=1\n\n`,
    expected: 'event:endpoint\ndata:http://127.0.0.1:8088/m?s=1\n\n',
  },
  {
    name: 'rewrites each data line of an endpoint event on its own',
    input: `event: endpoint\ndata: ${UP}/a\r\ndata: ${UP}/b\rdata: /c\n\n`,
    expected:
      'event: endpoint\ndata: http://127.0.0.1:8088/a\r\ndata: http://127.0.0.1:8088/b\rdata: /c\n\n',
  },
  {
    name: 'keeps the id and comment lines of an endpoint event',
    input: `id: 1\r\nevent: endpoint\r\n: hi\r\nid: 2\r\ndata: ${UP}/m\r\n\r\n`,
    expected: 'id: 1\r\nevent: endpoint\r\n: hi\r\nid: 2\r\ndata: http://127.0.0.1:8088/m\r\n\r\n',
  },
  {
    name: 'rewrites an endpoint event that follows other events',
    input: `: keep-alive\n\nevent: message\ndata: {"endpoint":1}\n\nevent: endpoint\ndata: ${UP}/m\n\n`,
    expected: `: keep-alive\n\nevent: message\ndata: {"endpoint":1}\n\nevent: endpoint\ndata: http://127.0.0.1:8088/m\n\n`,
  },
  {
    name: 'rewrites a second endpoint event too',
    input: `event: endpoint\ndata: ${UP}/m\n\ndata: x\n\nevent: endpoint\ndata: ${UP}/n\n\n`,
    expected:
      'event: endpoint\ndata: http://127.0.0.1:8088/m\n\ndata: x\n\nevent: endpoint\ndata: http://127.0.0.1:8088/n\n\n',
  },
  {
    name: 'an event line after blank lines of CR and CRLF starts a new event',
    input: `data: a\r\revent: endpoint\r\ndata: ${UP}/m\r\n\r\n\r\n`,
    expected: 'data: a\r\revent: endpoint\r\ndata: http://127.0.0.1:8088/m\r\n\r\n\r\n',
  },
  {
    name: 'only an exact `endpoint` type counts',
    input: `event: endpointx\ndata: ${UP}/a\n\nevent:  endpoint\ndata: ${UP}/b\n\nxevent: endpoint\ndata: ${UP}/c\n\nevent: endpoint é\ndata: ${UP}/d\n\n`,
    expected: `event: endpointx\ndata: ${UP}/a\n\nevent:  endpoint\ndata: ${UP}/b\n\nxevent: endpoint\ndata: ${UP}/c\n\nevent: endpoint é\ndata: ${UP}/d\n\n`,
  },
  {
    name: '`endpoint` inside other lines changes nothing',
    input: `data: event: endpoint\n\n: event: endpoint\ndata: ${UP}/a\n\n`,
    expected: `data: event: endpoint\n\n: event: endpoint\ndata: ${UP}/a\n\n`,
  },
  {
    name: 'a byte-order mark at the stream start hides the first event type (as before)',
    input: `\uFEFFevent: endpoint\ndata: ${UP}/m\n\nevent: endpoint\ndata: ${UP}/n\n\n`,
    expected: `\uFEFFevent: endpoint\ndata: ${UP}/m\n\nevent: endpoint\ndata: http://127.0.0.1:8088/n\n\n`,
  },
  {
    name: 'keeps an unterminated `event: endpoint` at the end',
    input: 'data: a\n\nevent: endpoint',
    expected: 'data: a\n\nevent: endpoint',
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

  it.each(CASES)(
    'gives the same output when every byte is a chunk: $name',
    ({ input, expected }) => {
      const bytes = Buffer.from(input);
      const chunks = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
      expect(
        emitted(chunks)
          .map((c) => c.toString('latin1'))
          .join(''),
      ).toBe(Buffer.from(expected).toString('latin1'));
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

  it('passes chunks without an endpoint event on as the same Buffers', () => {
    const chunks = [
      Buffer.from('event: message\ndata: {"a":1}\n\n'),
      Buffer.from(`data: ${UP}/x\r\n\r\n: event: endpoint\n`),
      Buffer.from('event: messa'),
      Buffer.from('ge\ndata: {"b":'),
      Buffer.from('2}\n\n'),
    ];
    const out = emitted(chunks);
    expect(out).toHaveLength(chunks.length);
    out.forEach((c, i) => expect(c).toBe(chunks[i]));
  });

  it('becomes a pass-through again after the endpoint event: later chunks are the same Buffers', () => {
    const later = [
      Buffer.from('event: message\ndata: {"a":1}\n\n'),
      Buffer.from(`event: message\ndata: ${UP}/x\n\n`),
    ];
    const out = emitted([Buffer.from(`event: endpoint\ndata: ${UP}/m\n\n`), ...later]);
    expect(out[0]?.toString()).toBe('event: endpoint\ndata: http://127.0.0.1:8088/m\n\n');
    expect(out.slice(1)).toHaveLength(2);
    out.slice(1).forEach((c, i) => expect(c).toBe(later[i]));
  });

  it.each([
    ['event: endpo', 'data: x\n\n', 'event: endpo'],
    ['event:', 'data: x\n\n', 'event:'],
    ['e', 'data: x\n\n', 'e'],
    ['event: endpoint', 'data: x\n\n', 'event: endpoint'],
    ['event:endpoint', 'data: x\n\n', 'event:endpoint'],
  ])('sends complete events at once and holds back only an unterminated %j', (tail, head, held) => {
    const t = new SseEndpointRewrite(REWRITE);
    const out: string[] = [];
    t.on('data', (c: Buffer) => out.push(c.toString()));
    t.write(Buffer.from(`${head}${tail}`));
    expect(out.join('')).toBe(head);
    t.end();
    expect(out.join('')).toBe(`${head}${held}`);
  });

  it.each([
    'event: endpoints',
    'event: message',
    'data: event: endpoint',
    'event:  e',
    'x'.repeat(16),
  ])('does not hold back an unterminated %j that cannot be an endpoint event line', (tail) => {
    const out = emitted([Buffer.from(`data: a\n\n${tail}`)]);
    expect(out.map((c) => c.toString()).join('')).toBe(`data: a\n\n${tail}`);
  });

  it('sends the held line start on with the next chunk when it turns out not to be an endpoint event', () => {
    const t = new SseEndpointRewrite(REWRITE);
    const out: string[] = [];
    t.on('data', (c: Buffer) => out.push(c.toString()));
    t.write(Buffer.from('event: '));
    expect(out.join('')).toBe('');
    t.write(Buffer.from('message\ndata: {"partial":'));
    expect(out.join('')).toBe('event: message\ndata: {"partial":');
  });

  it('passes huge events through chunk by chunk, as the same Buffers', () => {
    const big = Buffer.from(`event: message\ndata: ${'x'.repeat(4 * 1024 * 1024)}\n\n`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < big.length; i += 65_536) chunks.push(big.subarray(i, i + 65_536));
    const out = emitted(chunks);
    expect(out).toHaveLength(chunks.length);
    out.forEach((c, i) => expect(c).toBe(chunks[i]));
    expect(emitted([big])[0]).toBe(big);
  });

  it('rewrites an endpoint event that comes after a huge event in the same chunk', () => {
    const head = `data: ${'y'.repeat(1024 * 1024)}\n\n`;
    const out = run([`${head}event: endpoint\ndata: ${UP}/m\n\n`]);
    expect(out === `${head}event: endpoint\ndata: http://127.0.0.1:8088/m\n\n`).toBe(true);
  });
});
