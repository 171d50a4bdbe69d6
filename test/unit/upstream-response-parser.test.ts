import { describe, expect, it } from 'vitest';
import {
  keepAliveTimeoutSeconds,
  MAX_HEAD_BYTES,
  ResponseParser,
  type ResponseHead,
} from '../../electron/core/upstream/response-parser';

/** What the parser made of an input. */
interface Parsed {
  readonly heads: readonly ResponseHead[];
  readonly body: string;
  readonly ended: boolean;
  /** Bytes after the end of the answer. */
  readonly rest: number;
  /** `code: message` of the error thrown, or null. */
  readonly error: string | null;
}

/** Feeds `pieces` to a parser expecting the answer to `method`; `close` reports EOF after them. */
function parse(method: string, pieces: readonly Buffer[], close: boolean): Parsed {
  const heads: ResponseHead[] = [];
  const chunks: Buffer[] = [];
  let ended = false;
  const parser = new ResponseParser({
    onHead: (head) => heads.push(head),
    onBody: (chunk) => {
      if (ended || heads.length === 0) throw new Error('body outside the answer');
      if (chunk.length === 0) throw new Error('empty body chunk');
      chunks.push(Buffer.from(chunk));
    },
    onEnd: () => {
      if (ended) throw new Error('ended twice');
      ended = true;
    },
  });
  parser.start(method);
  let used = 0;
  let error: string | null = null;
  try {
    for (const piece of pieces) {
      if (ended) break;
      used += parser.execute(piece);
    }
    if (close && !ended) parser.finish();
  } catch (thrown) {
    const { code, message } = thrown as { code: string; message: string };
    error = `${code}: ${message}`;
  }
  const total = pieces.reduce((sum, piece) => sum + piece.length, 0);
  return {
    heads,
    body: Buffer.concat(chunks).toString('latin1'),
    ended,
    rest: error === null ? total - used : 0,
    error,
  };
}

/** Every way to cut the input in two, and byte by byte. */
function splits(input: Buffer): Buffer[][] {
  const out: Buffer[][] = [];
  for (let i = 0; i <= input.length; i++) out.push([input.subarray(0, i), input.subarray(i)]);
  out.push([...input].map((byte) => Buffer.from([byte])));
  return out;
}

interface Row {
  readonly name: string;
  readonly input: string;
  readonly method?: string;
  /** EOF after the input. */
  readonly close?: boolean;
  readonly status?: number;
  readonly headers?: Record<string, string | string[]>;
  readonly body?: string;
  readonly keepAlive?: boolean;
  readonly ended?: boolean;
  readonly rest?: number;
  readonly error?: string;
}

const BAD = 'UPSTREAM_BAD_RESPONSE: malformed upstream answer: ';

const ROWS: readonly Row[] = [
  {
    name: 'content-length body',
    input: 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{"a":1}',
    status: 200,
    headers: { 'content-type': 'application/json', 'content-length': '7' },
    body: '{"a":1}',
    keepAlive: true,
  },
  {
    name: 'HTTP/1.0 without a reason phrase closes after the answer',
    input: 'HTTP/1.0 200\r\nContent-Length: 2\r\n\r\nok',
    status: 200,
    body: 'ok',
    keepAlive: false,
  },
  {
    name: 'HTTP/1.0 with connection: keep-alive stays open',
    input: 'HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok',
    body: 'ok',
    keepAlive: true,
  },
  {
    name: 'a reason phrase with spaces, and a trailing space without one',
    input: 'HTTP/1.1 404 Not Found Here\r\ncontent-length: 0\r\n\r\n',
    status: 404,
    body: '',
    keepAlive: true,
  },
  {
    name: 'an empty reason phrase after the space',
    input: 'HTTP/1.1 502 \r\ncontent-length: 1\r\n\r\nx',
    status: 502,
    body: 'x',
  },
  {
    name: 'bare LF line endings in the head',
    input: 'HTTP/1.1 200 OK\ncontent-length: 2\nx-a: b\n\nok',
    headers: { 'content-length': '2', 'x-a': 'b' },
    body: 'ok',
  },
  {
    name: 'field values lose surrounding spaces and tabs, keep inner ones; names are lower-cased',
    input: 'HTTP/1.1 200 OK\r\nX-Thing:  \t a  b \t\r\nX-Empty:\r\nContent-Length: 0\r\n\r\n',
    headers: { 'x-thing': 'a  b', 'x-empty': '', 'content-length': '0' },
    body: '',
  },
  {
    name: 'a repeated field becomes an array',
    input:
      'HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nSET-COOKIE: c=3\r\nContent-Length: 0\r\n\r\n',
    headers: { 'set-cookie': ['a=1', 'b=2', 'c=3'], 'content-length': '0' },
  },
  {
    name: 'latin1 bytes in a value are kept as latin1',
    input: 'HTTP/1.1 200 OK\r\nX-Name: caf\xe9\r\nContent-Length: 0\r\n\r\n',
    headers: { 'x-name': 'caf\xe9', 'content-length': '0' },
  },
  {
    name: '100 Continue is skipped',
    input: 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nx',
    status: 201,
    headers: { 'content-length': '1' },
    body: 'x',
  },
  {
    name: 'several interim answers (102, 103 with fields) are skipped',
    input:
      'HTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n' +
      'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n',
    status: 200,
    headers: { 'content-length': '0' },
    body: '',
  },
  {
    name: 'chunked: extensions ignored, trailers dropped',
    input:
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' +
      '5\r\nhello\r\n6;name=value;x="q"\r\n world\r\n0\r\nX-Sum: 1\r\nX-Other: 2\r\n\r\n',
    headers: { 'transfer-encoding': 'chunked' },
    body: 'hello world',
    keepAlive: true,
  },
  {
    name: 'chunked: hex sizes in either case, leading zeros, space before an extension',
    input:
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n' +
      'a\r\n0123456789\r\n00B ;e\r\nabcdefghijk\r\n000\r\n\r\n',
    body: '0123456789abcdefghijk',
  },
  {
    name: 'chunked wins over content-length, and the connection is not reused',
    input:
      'HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n',
    body: 'ok',
    keepAlive: false,
  },
  {
    name: 'gzip then chunked: chunked framing, the coded bytes passed through',
    input:
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n\x1f\x8b\x08\r\n0\r\n\r\n',
    body: '\x1f\x8b\x08',
    keepAlive: true,
  },
  {
    name: 'a transfer coding other than chunked last: read until close',
    input: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\nraw bytes',
    close: true,
    body: 'raw bytes',
    keepAlive: false,
  },
  {
    name: 'neither length nor chunked: the body runs until close',
    input: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it',
    close: true,
    body: 'all of it',
    keepAlive: false,
  },
  {
    name: 'an until-close body has not ended before the close',
    input: 'HTTP/1.1 200 OK\r\n\r\npart',
    body: 'part',
    ended: false,
  },
  {
    name: 'an answer to HEAD has no body, whatever its length says',
    method: 'HEAD',
    input: 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n',
    headers: { 'content-length': '100' },
    body: '',
    keepAlive: true,
  },
  {
    name: 'an answer to HEAD with chunked has no body either',
    method: 'HEAD',
    input: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n',
    body: '',
    keepAlive: true,
  },
  {
    name: '204 has no body',
    input: 'HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n',
    status: 204,
    body: '',
  },
  {
    name: '304 has no body',
    input: 'HTTP/1.1 304 Not Modified\r\nETag: "x"\r\n\r\n',
    status: 304,
    body: '',
    keepAlive: true,
  },
  {
    name: 'content-length 0 ends at the head',
    input: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n',
    body: '',
  },
  {
    name: 'identical content-length values are accepted',
    input: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2, 02\r\n\r\nok',
    body: 'ok',
  },
  {
    name: 'connection: close closes after the answer',
    input: 'HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 2\r\n\r\nok',
    keepAlive: false,
  },
  {
    name: 'bytes after the end of the answer are left over',
    input: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA',
    body: 'ok',
    rest: 5,
  },
  {
    name: 'bytes after a chunked answer are left over',
    input: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\nHTTP/1.1',
    body: 'x',
    rest: 8,
  },
  {
    name: 'error: HTTP/2 status line',
    input: 'HTTP/2 200 OK\r\n\r\n',
    error: `${BAD}invalid status line "HTTP/2 200 OK"`,
  },
  {
    name: 'error: not HTTP at all',
    input: 'SSH-2.0-OpenSSH_9.6\r\n\r\n',
    error: `${BAD}invalid status line "SSH-2.0-OpenSSH_9.6"`,
  },
  {
    name: 'error: a two-digit status',
    input: 'HTTP/1.1 20 OK\r\n\r\n',
    error: `${BAD}invalid status line "HTTP/1.1 20 OK"`,
  },
  {
    name: 'error: status below 100',
    input: 'HTTP/1.1 099 Low\r\n\r\n',
    error: `${BAD}invalid status line "HTTP/1.1 099 Low"`,
  },
  {
    name: 'error: a field line without a colon',
    input: 'HTTP/1.1 200 OK\r\nno colon here\r\n\r\n',
    error: `${BAD}invalid header field line "no colon here"`,
  },
  {
    name: 'error: whitespace between field name and colon (RFC 9112 §5.1)',
    input: 'HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\nhello',
    error: `${BAD}invalid header field line "Content-Length : 5"`,
  },
  {
    name: 'error: an empty field name',
    input: 'HTTP/1.1 200 OK\r\n: v\r\n\r\n',
    error: `${BAD}invalid header field line ": v"`,
  },
  {
    name: 'error: obsolete line folding',
    input: 'HTTP/1.1 200 OK\r\nX-A: a\r\n b\r\n\r\n',
    error: `${BAD}obsolete line folding in a header field`,
  },
  {
    name: 'error: NUL in a field value',
    input: 'HTTP/1.1 200 OK\r\nX-A: a\0b\r\n\r\n',
    error: `${BAD}NUL or CR in the value of header field "x-a"`,
  },
  {
    name: 'error: bare CR in a field value',
    input: 'HTTP/1.1 200 OK\r\nX-A: a\rb\r\n\r\n',
    error: `${BAD}NUL or CR in the value of header field "x-a"`,
  },
  {
    name: 'error: differing content-length values',
    input: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok',
    error: `${BAD}several differing content-length values (2,3)`,
  },
  {
    name: 'error: differing content-length values in one field',
    input: 'HTTP/1.1 200 OK\r\nContent-Length: 2, 3\r\n\r\nok',
    error: `${BAD}several differing content-length values (2, 3)`,
  },
  {
    name: 'error: content-length not a number',
    input: 'HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n',
    error: `${BAD}content-length "12abc" is not a number`,
  },
  {
    name: 'error: negative content-length',
    input: 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n',
    error: `${BAD}content-length "-1" is not a number`,
  },
  {
    name: 'error: empty content-length',
    input: 'HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n',
    error: `${BAD}content-length "" is not a number`,
  },
  {
    name: 'error: content-length beyond 2^53',
    input: 'HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n',
    error: `${BAD}content-length 99999999999999999999 too large`,
  },
  {
    name: 'error: 101 without an upgrade',
    input: 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n',
    error: `${BAD}101 Switching Protocols without an upgrade`,
  },
  {
    name: 'error: a chunk size that is not hex',
    input: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    error: `${BAD}invalid chunk size`,
  },
  {
    name: 'error: an empty chunk size line',
    input: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n',
    error: `${BAD}invalid chunk size`,
  },
  {
    name: 'error: a chunk size line ended by a bare LF',
    input: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\nok\r\n',
    error: `${BAD}invalid chunk size`,
  },
  {
    name: 'error: CR not followed by LF after the chunk size',
    input: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\rok\r\n',
    error: `${BAD}chunk size line not ended by CRLF`,
  },
  {
    name: 'error: chunk data longer than its size',
    input: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokay\r\n0\r\n\r\n',
    body: 'ok',
    error: `${BAD}chunk data longer than its size`,
  },
  {
    name: 'error: chunk data followed by CR without LF',
    input: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\rX',
    error: `${BAD}chunk data not followed by CRLF`,
  },
  {
    name: 'error: LF inside a chunk extension',
    input: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;a\nb\r\nok\r\n',
    error: `${BAD}LF or NUL in a chunk extension`,
  },
  {
    name: 'error: a chunk size beyond 2^52',
    input: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n',
    error: `${BAD}chunk size too large`,
  },
  {
    name: 'closed: in the middle of the head',
    input: 'HTTP/1.1 200 OK\r\nContent-Le',
    close: true,
    error: 'UPSTREAM_CLOSED: the upstream closed the connection before the end of the answer',
  },
  {
    name: 'closed: before the end of a content-length body',
    input: 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf',
    close: true,
    body: 'half',
    error: 'UPSTREAM_CLOSED: the upstream closed the connection before the end of the answer',
  },
  {
    name: 'closed: before the last chunk',
    input: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nhalf\r\n',
    close: true,
    body: 'half',
    error: 'UPSTREAM_CLOSED: the upstream closed the connection before the end of the answer',
  },
  {
    name: 'closed: in the trailers',
    input: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-A: 1\r\n',
    close: true,
    error: 'UPSTREAM_CLOSED: the upstream closed the connection before the end of the answer',
  },
];

describe('ResponseParser', () => {
  describe.each(ROWS)('$name', (row) => {
    const input = Buffer.from(row.input, 'latin1');
    const whole = parse(row.method ?? 'GET', [input], row.close ?? false);

    it('parses the whole input as expected', () => {
      expect(whole.error).toBe(row.error ?? null);
      if (row.status !== undefined) expect(whole.heads[0]?.statusCode).toBe(row.status);
      if (row.error === undefined) expect(whole.heads).toHaveLength(1);
      if (row.headers !== undefined) expect({ ...whole.heads[0]?.headers }).toEqual(row.headers);
      if (row.body !== undefined) expect(whole.body).toBe(row.body);
      if (row.keepAlive !== undefined) expect(whole.heads[0]?.keepAlive).toBe(row.keepAlive);
      if (row.error === undefined) expect(whole.ended).toBe(row.ended ?? true);
      if (row.error === undefined) expect(whole.rest).toBe(row.rest ?? 0);
    });

    it('gives the same result however the input is cut', () => {
      for (const pieces of splits(input)) {
        expect(parse(row.method ?? 'GET', pieces, row.close ?? false)).toEqual(whole);
      }
    });
  });

  it('delivers each body chunk as soon as it arrives', () => {
    const seen: string[] = [];
    const parser = new ResponseParser({
      onHead: () => seen.push('head'),
      onBody: (chunk) => seen.push(chunk.toString()),
      onEnd: () => seen.push('end'),
    });
    parser.start('GET');
    parser.execute(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nb\r\ndata: '));
    expect(seen).toEqual(['head', 'data: ']);
    parser.execute(Buffer.from('one\n\n'));
    expect(seen).toEqual(['head', 'data: ', 'one\n\n']);
    parser.execute(Buffer.from('\r\n0\r\n\r\n'));
    expect(seen).toEqual(['head', 'data: ', 'one\n\n', 'end']);
  });

  it('parses answers one after another on the same connection', () => {
    const statuses: number[] = [];
    const parser = new ResponseParser({
      onHead: (head) => statuses.push(head.statusCode),
      onBody: () => undefined,
      onEnd: () => undefined,
    });
    for (const status of [200, 404, 500]) {
      parser.start('GET');
      const answer = Buffer.from(`HTTP/1.1 ${status} X\r\nContent-Length: 1\r\n\r\nx`);
      expect(parser.execute(answer)).toBe(answer.length);
      expect(parser.done).toBe(true);
    }
    expect(statuses).toEqual([200, 404, 500]);
  });

  it('tells how much body remains', () => {
    const parser = new ResponseParser({
      onHead: () => undefined,
      onBody: () => undefined,
      onEnd: () => undefined,
    });
    parser.start('GET');
    parser.execute(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'));
    expect(parser.remainingBytes()).toBe(7);
    parser.start('GET');
    parser.execute(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'));
    expect(parser.remainingBytes()).toBe(-1);
    parser.start('GET');
    parser.execute(Buffer.from('HTTP/1.1 200 OK\r\n\r\n'));
    expect(parser.remainingBytes()).toBe(Infinity);
  });

  it('rejects a head larger than 64 KiB, even one that never ends', () => {
    const big = `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(MAX_HEAD_BYTES)}\r\n\r\n`;
    expect(parse('GET', [Buffer.from(big)], false).error).toBe(
      `${BAD}response head larger than 64 KiB`,
    );
    const endless = Buffer.from(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(MAX_HEAD_BYTES)}`);
    const pieces = [endless.subarray(0, 40_000), endless.subarray(40_000)];
    expect(parse('GET', pieces, false).error).toBe(`${BAD}response head larger than 64 KiB`);
  });

  it('accepts a head of just under 64 KiB split in small pieces', () => {
    const head = `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(MAX_HEAD_BYTES - 100)}\r\nContent-Length: 0\r\n\r\n`;
    const input = Buffer.from(head);
    const pieces: Buffer[] = [];
    for (let i = 0; i < input.length; i += 1000) pieces.push(input.subarray(i, i + 1000));
    const parsed = parse('GET', pieces, false);
    expect(parsed.error).toBeNull();
    expect(parsed.ended).toBe(true);
  });

  it('rejects trailers larger than 64 KiB', () => {
    const input = `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: ${'a'.repeat(MAX_HEAD_BYTES)}\r\n\r\n`;
    expect(parse('GET', [Buffer.from(input)], false).error).toBe(
      `${BAD}trailer fields larger than 64 KiB`,
    );
  });

  it('rejects a chunk extension longer than 4 KiB', () => {
    const input = `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;${'e'.repeat(5000)}\r\nx\r\n`;
    expect(parse('GET', [Buffer.from(input)], false).error).toBe(`${BAD}chunk extension too long`);
  });
});

describe('keepAliveTimeoutSeconds', () => {
  it.each([
    [undefined, null],
    ['timeout=5', 5],
    ['timeout=5, max=1000', 5],
    ['max=1000, timeout=30', 30],
    ['Timeout = 2', 2],
    [['max=3', 'timeout=7'], 7],
    ['max=1000', null],
    ['xtimeout=5', null],
  ] as const)('%j → %j', (field, seconds) => {
    expect(keepAliveTimeoutSeconds(field)).toBe(seconds);
  });
});
