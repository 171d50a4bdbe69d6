import { describe, expect, it } from 'vitest';
import { parseWrkOutput, parseWrkTime } from '../../bench/lib/wrk-output';
import { luaString, wrkLuaScript } from '../../bench/lib/wrk-script';

/** What wrk 4.1 (Debian) printed for a run with --latency against a server answering some 500s. */
const WITH_ERRORS = `Running 1s test @ http://127.0.0.1:18998/
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   215.67us  626.21us   8.64ms   94.27%
    Req/Sec    25.39k     8.98k   36.51k    59.09%
  Latency Distribution
     50%   67.00us
     75%   93.00us
     90%  298.00us
     99%    3.48ms
  55533 requests in 1.10s, 6.71MB read
  Non-2xx or 3xx responses: 7933
Requests/sec:  50508.19
Transfer/sec:      6.10MB
`;

const SLOW_WITH_SOCKET_ERRORS = `Running 5s test @ http://127.0.0.1:8088/mcp
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.40ms   30.02ms   1.20s    97.00%
    Req/Sec     3.10k   400.00     4.00k    70.00%
  Latency Distribution
     50%    8.12ms
     75%   10.00ms
     90%   14.50ms
     99%    1.02s
  31000 requests in 5.00s, 33.00MB read
  Socket errors: connect 0, read 12, write 1, timeout 3
Requests/sec:   6199.50
Transfer/sec:      6.60MB
`;

describe('parseWrkTime', () => {
  it.each([
    ['67.00us', 0.067],
    ['3.48ms', 3.48],
    ['1.02s', 1020],
    ['1.50m', 90_000],
  ])('reads %s as %f ms', (text, ms) => {
    expect(parseWrkTime(text)).toBeCloseTo(ms, 6);
  });

  it('gives NaN for anything else', () => {
    expect(parseWrkTime('fast')).toBeNaN();
  });
});

describe('parseWrkOutput', () => {
  it('reads totals, requests/s, the latency distribution and non-2xx answers', () => {
    expect(parseWrkOutput(WITH_ERRORS)).toEqual({
      requests: 55533,
      durationS: 1.1,
      rps: 50508.19,
      p50Ms: 0.067,
      p75Ms: 0.093,
      p90Ms: 0.298,
      p99Ms: 3.48,
      non2xx: 7933,
      socketErrors: 0,
    });
  });

  it('sums socket errors and reads second-scale latencies', () => {
    const result = parseWrkOutput(SLOW_WITH_SOCKET_ERRORS);
    expect(result.socketErrors).toBe(16);
    expect(result.non2xx).toBe(0);
    expect(result.p50Ms).toBeCloseTo(8.12);
    expect(result.p99Ms).toBeCloseTo(1020);
    expect(result.rps).toBe(6199.5);
  });

  it('throws when wrk printed no totals (it could not connect)', () => {
    expect(() => parseWrkOutput('unable to connect to 127.0.0.1:1 Connection refused')).toThrow(
      /no totals/,
    );
  });
});

describe('wrkLuaScript', () => {
  it('escapes quotes, backslashes and control characters', () => {
    expect(luaString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\010d"');
  });

  it('sets method, body and every header', () => {
    expect(
      wrkLuaScript({
        method: 'POST',
        body: '{"id":1}',
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t' },
      }),
    ).toBe(
      [
        'wrk.method = "POST"',
        'wrk.body = "{\\"id\\":1}"',
        'wrk.headers["Content-Type"] = "application/json"',
        'wrk.headers["Authorization"] = "Bearer t"',
        '',
      ].join('\n'),
    );
  });
});
