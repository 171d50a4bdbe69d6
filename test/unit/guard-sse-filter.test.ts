import { Readable } from 'node:stream';
import { text as readText } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { SseGuardFilter, sseMessageEvent } from '../../electron/core/guard/sse-guard-filter';
import { acceptsEventStream } from '../../electron/core/guard/keep-alive';
import { LegacySessions } from '../../electron/core/guard/legacy-sessions';

/** Replaces data "secret-list" with "filtered"; leaves everything else alone. */
const rewrite = (data: string): string | null => (data === 'secret-list' ? 'filtered' : null);

async function run(
  chunks: readonly string[],
  options: { maxEventBytes?: number; endpoints?: string[]; oversize?: () => void } = {},
): Promise<string> {
  const filter = new SseGuardFilter({
    maxEventBytes: options.maxEventBytes ?? 1024,
    rewrite,
    onEndpoint: (data) => options.endpoints?.push(data),
    ...(options.oversize ? { onOversize: options.oversize } : {}),
  });
  return readText(Readable.from(chunks.map((c) => Buffer.from(c))).pipe(filter));
}

/** Every way of cutting `text` into three pieces. */
function splits(text: string): string[][] {
  const out: string[][] = [];
  for (let i = 0; i <= text.length; i++) {
    for (let j = i; j <= text.length; j++)
      out.push([text.slice(0, i), text.slice(i, j), text.slice(j)]);
  }
  return out;
}

describe('SseGuardFilter', () => {
  it.each([
    {
      name: 'rewrites the data of a message event, keeping its id and event lines',
      input: 'id: 7\nevent: message\ndata: secret-list\n\n',
      output: 'id: 7\nevent: message\ndata: filtered\n\n',
    },
    {
      name: 'an event without a type is a message event',
      input: 'data: secret-list\n\n',
      output: 'data: filtered\n\n',
    },
    {
      name: 'keeps other events byte for byte (CRLF, comments, unknown types)',
      input: ': keep-alive\r\n\r\nevent: other\r\ndata: secret-list\r\n\r\ndata: plain\r\n\r\n',
      output: ': keep-alive\r\n\r\nevent: other\r\ndata: secret-list\r\n\r\ndata: plain\r\n\r\n',
    },
    {
      name: 'handles CRLF and lone CR line ends when rewriting',
      input: 'data: secret-list\r\n\r\ndata: secret-list\r\rdata: x\n\n',
      output: 'data: filtered\n\ndata: filtered\n\ndata: x\n\n',
    },
    {
      name: 'joins multi-line data before deciding (so a split list is not missed)',
      input: 'data: secret-\ndata: list\n\n',
      output: 'data: secret-\ndata: list\n\n',
    },
    {
      name: 'passes an unterminated last event on at the end',
      input: 'data: a\n\ndata: secret-list',
      output: 'data: a\n\ndata: secret-list',
    },
  ])('$name, however the stream is cut', async ({ input, output }) => {
    for (const chunks of splits(input)) expect(await run(chunks)).toBe(output);
  });

  it('streams an event over the limit through unchanged and says so', async () => {
    let told = 0;
    const big = `data: ${'x'.repeat(3000)}\n\ndata: secret-list\n\n`;
    const out = await run([big.slice(0, 1000), big.slice(1000, 2500), big.slice(2500)], {
      maxEventBytes: 1024,
      oversize: () => told++,
    });
    expect(out).toBe(`data: ${'x'.repeat(3000)}\n\ndata: filtered\n\n`);
    expect(told).toBe(1);
  });

  it('reports endpoint events (legacy transport) and passes them on', async () => {
    const endpoints: string[] = [];
    const input = 'event: endpoint\ndata: http://127.0.0.1:1/x/message?sessionId=abc\n\n';
    expect(await run([input], { endpoints })).toBe(input);
    expect(endpoints).toEqual(['http://127.0.0.1:1/x/message?sessionId=abc']);
  });

  it('injects events between events, never inside one', async () => {
    const filter = new SseGuardFilter({ maxEventBytes: 8, rewrite });
    const collected: string[] = [];
    filter.on('data', (chunk: Buffer) => collected.push(chunk.toString()));
    filter.write('data: a\n\ndata: this event is long');
    filter.inject(Buffer.from('data: injected-1\n\n'));
    filter.write(' and still going\n\n');
    filter.inject(Buffer.from('data: injected-2\n\n'));
    filter.end('data: b\n\n');
    await new Promise((resolve) => filter.on('end', resolve));
    expect(collected.join('')).toBe(
      'data: a\n\ndata: this event is long and still going\n\ndata: injected-1\n\ndata: injected-2\n\ndata: b\n\n',
    );
  });

  it('makes one-line message events', () => {
    expect(sseMessageEvent({ id: 1, text: 'a\nb' }).toString()).toBe(
      'event: message\ndata: {"id":1,"text":"a\\nb"}\n\n',
    );
  });
});

describe('helpers of the request side', () => {
  it.each([
    ['application/json, text/event-stream', true],
    ['text/event-stream', true],
    ['TEXT/EVENT-STREAM;q=0.9', true],
    ['application/json', false],
    ['text/event-streams', false],
    [undefined, false],
  ])('acceptsEventStream(%j) is %s', (accept, expected) => {
    expect(acceptsEventStream(accept)).toBe(expected);
  });

  it.each([
    [
      'http://127.0.0.1:8088/accounts/1/custom/d/id/x/message?sessionId=abc',
      '/accounts/1/custom/d/id/x/message?sessionId=abc',
    ],
    [
      '/accounts/1/custom/d/id/x/message?sessionId=abc',
      '/accounts/1/custom/d/id/x/message?sessionId=abc',
    ],
    ['/a//b/message?sessionId=1', '/a/b/message?sessionId=1'],
    ['/a/../b', '/b'], // resolved like the client resolves it
    ['http://[', null],
  ])('LegacySessions.keyOf(%s) is %s', (endpoint, key) => {
    expect(LegacySessions.keyOf(endpoint, 'http://127.0.0.1:8088')).toBe(key);
  });

  it('finds, replaces and forgets streams by key', () => {
    const sessions = new LegacySessions();
    const first = (): void => undefined;
    const second = (): void => undefined;
    const dropFirst = sessions.register('/k', first);
    sessions.register('/k', second);
    dropFirst(); // a stale stream never removes its successor
    expect(sessions.find('/k')).toBe(second);
    expect(sessions.find('/other')).toBeNull();
  });
});
