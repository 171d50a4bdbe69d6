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
    {
      name: 'keeps the LF of a CRLF after an unchanged event and drops it after a rewritten one',
      input: 'data: a\r\n\r\ndata: secret-list\r\n\r\n\ndata: b\r\n\r\n',
      output: 'data: a\r\n\r\ndata: filtered\n\n\ndata: b\r\n\r\n',
    },
    {
      name: 'the last event type wins, and an endpoint or other type is never rewritten',
      input:
        'event: other\nevent: message\ndata: secret-list\n\nevent: message\nevent: x\ndata: secret-list\n\n',
      output:
        'event: other\nevent: message\ndata: filtered\n\nevent: message\nevent: x\ndata: secret-list\n\n',
    },
    {
      name: 'reads `data` without a colon as empty data and `data:x` without a space',
      input: 'data\n\ndata:secret-list\n\n',
      output: 'data\n\ndata: filtered\n\n',
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

/** Hides tools named `deny-*` from a `tools/list` answer, like the Guard (which decides on `"tools"`). */
function hideDenied(data: string): string | null {
  if (!data.includes('"tools"')) return null;
  let parsed: { result: { tools: { name: string }[] } };
  try {
    parsed = JSON.parse(data) as typeof parsed;
  } catch {
    return null;
  }
  const tools = parsed.result.tools;
  const kept = tools.filter((tool) => !tool.name.startsWith('deny-'));
  if (kept.length === tools.length) return null;
  return JSON.stringify({ ...parsed, result: { ...parsed.result, tools: kept } });
}

const LIST = '{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"deny-a"},{"name":"ok"}]}}';
const FILTERED = '{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"ok"}]}}';
const PROGRESS = '{"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}}';

/** Runs `chunks` through a filter with the Guard's rewrite, with or without the marker. */
function runMarked(
  chunks: readonly Buffer[],
  marker: boolean,
  maxEventBytes = 4096,
): { output: Buffer[]; told: string[] } {
  const told: string[] = [];
  const filter = new SseGuardFilter({
    maxEventBytes,
    rewrite: hideDenied,
    ...(marker ? { marker: '"tools"' } : {}),
    onEndpoint: (data) => told.push(`endpoint ${data}`),
    onOversize: () => told.push('oversize'),
  });
  const output: Buffer[] = [];
  filter.on('data', (chunk: Buffer) => output.push(chunk));
  for (const chunk of chunks) filter.write(chunk);
  filter.end();
  return { output, told };
}

const MARKED_CASES: readonly { name: string; input: string; output: string; told?: string[] }[] = [
  {
    name: 'filters a tools list among other events (LF)',
    input: `event: message\ndata: ${PROGRESS}\n\nevent: message\ndata: ${LIST}\n\ndata: ${PROGRESS}\n\n`,
    output: `event: message\ndata: ${PROGRESS}\n\nevent: message\ndata: ${FILTERED}\n\ndata: ${PROGRESS}\n\n`,
  },
  {
    name: 'filters a tools list with CRLF line ends',
    input: `id: 4\r\ndata: ${LIST}\r\n\r\ndata: ${PROGRESS}\r\n\r\n`,
    output: `id: 4\ndata: ${FILTERED}\n\ndata: ${PROGRESS}\r\n\r\n`,
  },
  {
    name: 'filters a tools list with CR line ends',
    input: `data: ${PROGRESS}\r\rdata: ${LIST}\r\r`,
    output: `data: ${PROGRESS}\r\rdata: ${FILTERED}\n\n`,
  },
  {
    name: 'filters a tools list sent over several data lines',
    input: `data: {"jsonrpc":"2.0","id":1,"result":\ndata: {"tools":[{"name":"deny-a"},{"name":"ok"}]}}\n\n`,
    output: `data: ${FILTERED}\n\n`,
  },
  {
    name: 'leaves a list alone when nothing is denied, and non-JSON data that mentions "tools"',
    input: `data: {"result":{"tools":[{"name":"ok"}]}}\n\ndata: "tools" {\n\n`,
    output: `data: {"result":{"tools":[{"name":"ok"}]}}\n\ndata: "tools" {\n\n`,
  },
  {
    name: 'a marker cut by a line break is no marker, as for the rewrite',
    input: 'data: "to\ndata: ols"\n\n',
    output: 'data: "to\ndata: ols"\n\n',
  },
  {
    name: 'reports endpoint events, with or without a space after the colon',
    input: `event: endpoint\ndata: /m?sessionId=1\n\nevent:endpoint\r\ndata: /m?sessionId=2\r\n\r\ndata: ${PROGRESS}\n\n`,
    output: `event: endpoint\ndata: /m?sessionId=1\n\nevent:endpoint\r\ndata: /m?sessionId=2\r\n\r\ndata: ${PROGRESS}\n\n`,
    told: ['endpoint /m?sessionId=1', 'endpoint /m?sessionId=2'],
  },
  {
    name: 'reports nothing for `endpoint` inside data or an endpoint event without data',
    input: 'data: {"endpoint":1}\n\nevent: endpoint\n\n',
    output: 'data: {"endpoint":1}\n\nevent: endpoint\n\n',
  },
  {
    name: 'as before, a byte-order mark at the stream start hides the first event’s data (a known gap)',
    input: `\uFEFFdata: ${LIST}\n\ndata: ${LIST}\n\n`,
    output: `\uFEFFdata: ${LIST}\n\ndata: ${FILTERED}\n\n`,
  },
  {
    name: 'keeps blank lines that end no event, and comments',
    input: `\n\r\n: hi\n\ndata: ${LIST}\n\n\n`,
    output: `\n\r\n: hi\n\ndata: ${FILTERED}\n\n\n`,
  },
];

describe('SseGuardFilter with a marker', () => {
  it.each(MARKED_CASES)(
    '$name: same output and reports with and without the marker, however the stream is cut',
    ({ input, output, told = [] }) => {
      const bytes = Buffer.from(input);
      const cuts: Buffer[][] = [[bytes]];
      for (let i = 0; i <= bytes.length; i++) cuts.push([bytes.subarray(0, i), bytes.subarray(i)]);
      cuts.push(Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)));
      for (const chunks of cuts) {
        for (const marker of [true, false]) {
          const result = runMarked(chunks, marker);
          const where = `${marker ? 'marker' : 'no marker'}, cut ${chunks.map((c) => c.length).join('+')}`;
          expect(Buffer.concat(result.output).toString(), where).toBe(output);
          expect(result.told, where).toEqual(told);
        }
      }
    },
  );

  it('passes a chunk of whole events without the marker on as the same Buffer', () => {
    const chunk = Buffer.from(`event: message\ndata: ${PROGRESS}\n\n`.repeat(300));
    const { output } = runMarked([chunk], true);
    expect(output).toHaveLength(1);
    expect(output[0]).toBe(chunk);
  });

  it('sends the whole events of a chunk at once, as one slice, and holds only the event cut off', () => {
    const event = `data: ${PROGRESS}\n\n`;
    const filter = new SseGuardFilter({
      maxEventBytes: 4096,
      rewrite: hideDenied,
      marker: '"tools"',
    });
    const output: Buffer[] = [];
    filter.on('data', (chunk: Buffer) => output.push(chunk));
    filter.write(Buffer.from(`${event}${event}${event.slice(0, 10)}`));
    expect(output.map((c) => c.toString())).toEqual([`${event}${event}`]);
    filter.write(Buffer.from(`${event.slice(10)}${event}`));
    expect(output.map((c) => c.toString())).toEqual([`${event}${event}`, event, event]);
  });

  it('holds a tools list cut into many chunks until its end, then filters it', () => {
    const tools = Array.from({ length: 2000 }, (_, i) => ({
      name: i % 2 ? `deny-${i}` : `ok-${i}`,
    }));
    const list = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { tools } });
    const input = Buffer.from(`data: ${PROGRESS}\n\nevent: message\ndata: ${list}\n\n`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < input.length; i += 1000) chunks.push(input.subarray(i, i + 1000));
    const kept = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      result: { tools: tools.filter((t) => !t.name.startsWith('deny-')) },
    });
    const expected = `data: ${PROGRESS}\n\nevent: message\ndata: ${kept}\n\n`;
    for (const marker of [true, false]) {
      const { output, told } = runMarked(chunks, marker, 1024 * 1024);
      expect(Buffer.concat(output).toString() === expected).toBe(true);
      expect(told).toEqual([]);
    }
  });

  it('streams events over the limit through unchanged, with or without the marker', () => {
    const big = `data: ${'x'.repeat(10_000)}\n\n`;
    const input = Buffer.from(`${big}data: ${LIST}\n\n${big}`);
    for (const marker of [true, false]) {
      for (const size of [input.length, 3000, 100]) {
        const chunks: Buffer[] = [];
        for (let i = 0; i < input.length; i += size) chunks.push(input.subarray(i, i + size));
        const { output, told } = runMarked(chunks, marker, 4096);
        expect(Buffer.concat(output).toString()).toBe(`${big}data: ${FILTERED}\n\n${big}`);
        expect(told).toEqual(['oversize', 'oversize']);
      }
    }
  });

  it('counts an event’s size up to the CR of its closing CRLF, wherever the stream is cut', () => {
    const event = `data: ${LIST}\r\n\r\n`;
    const bytes = Buffer.from(event);
    for (let i = 0; i <= bytes.length; i++) {
      const chunks = [bytes.subarray(0, i), bytes.subarray(i)];
      expect(runMarked(chunks, true, bytes.length - 1).told).toEqual([]);
      expect(runMarked(chunks, true, bytes.length - 2).told).toEqual(['oversize']);
    }
  });

  it('injects events between whole events when the chunk holds many', () => {
    const filter = new SseGuardFilter({
      maxEventBytes: 4096,
      rewrite: hideDenied,
      marker: '"tools"',
    });
    const collected: string[] = [];
    filter.on('data', (chunk: Buffer) => collected.push(chunk.toString()));
    filter.write('data: a\n\ndata: b\n\ndata: c');
    filter.inject(Buffer.from('data: injected\n\n'));
    filter.end('\n\n');
    return new Promise<void>((resolve) => {
      filter.on('end', () => {
        expect(collected.join('')).toBe('data: a\n\ndata: b\n\ndata: injected\n\ndata: c\n\n');
        resolve();
      });
    });
  });

  it.each(['', 'a\nb', '"tools"\r'])('refuses the marker %j', (marker) => {
    expect(() => new SseGuardFilter({ maxEventBytes: 1, rewrite, marker })).toThrow(/marker/);
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
