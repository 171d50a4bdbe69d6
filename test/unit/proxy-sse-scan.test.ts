import { describe, expect, it } from 'vitest';
import {
  includesBetween,
  lastBlankLine,
  linesBesidesData,
  needle,
  readEventFields,
  scanEvent,
  type ScannedEvent,
} from '../../electron/core/proxy/sse-scan';

const b = (text: string): Buffer => Buffer.from(text);

describe('scanEvent finds where the first event ends', () => {
  it.each([
    ['data: a\n\ndata: b\n\n', 0, true, 8],
    ['data: a\r\n\r\n', 0, true, 9],
    ['data: a\r\rdata: b', 0, true, 8],
    ['data: a\r\n', 0, true, -1],
    ['data: a\r', 0, true, -1],
    ['\ndata: a', 0, true, 0],
    ['\ndata: a', 0, false, -1],
    ['\n\n', 0, false, 1],
    ['\r\n\r\n', 0, false, 2],
    ['x\n\ny\n\n', 3, true, 5],
  ])('%j from %i (line start %s) → %i', (text, from, lineStart, expected) => {
    expect(scanEvent(b(text), from, lineStart)?.blank ?? -1).toBe(expected);
  });
});

describe('lastBlankLine', () => {
  it.each([
    ['data: a\n\ndata: b\n\ndata: c', 0, 17],
    ['data: a\r\n\r\ndata: b', 0, 9],
    ['data: a\r\r', 0, 8],
    ['data: a\r\n', 0, -1],
    ['data: a', 0, -1],
    ['\n', 0, 0],
    ['\r\n', 0, 0],
    ['x\n\n\n', 0, 3],
    ['x\r\r\n', 0, 2],
    ['a\n\nb\n', 3, -1],
    ['a\n\nb\n\n', 3, 5],
    ['a\n\n', 3, -1],
    ['\n', 1, -1],
    ['x\r\n', 0, -1],
    ['x\n\r\n', 0, 2],
    ['data: a\n\ndata: b\n', 0, 8],
  ])('%j from %i → %i', (text, from, expected) => {
    expect(lastBlankLine(b(text), from)).toBe(expected);
  });
});

describe('includesBetween', () => {
  const tools = needle('"tools"', 1);
  it.each([
    ['{"tools":[]}', 0, 12, true],
    ['{"tools":[]}', 2, 12, false],
    ['{"tools":[]}', 0, 7, false],
    ['{"tools":[]}', 0, 8, true],
    ['tools" "tools"', 0, 14, true],
    ['xtools"', 0, 7, false],
    ['', 0, 0, false],
  ])('"tools" in %j[%i..%i) is %s', (text, from, to, expected) => {
    expect(includesBetween(b(text), tools, from, to)).toBe(expected);
  });
});

describe('scanEvent and readEventFields read an event as an SSE client does', () => {
  it.each([
    ['data: a\n\n', 'message', 'a'],
    ['event: endpoint\r\ndata: /m\r\n\r\n', 'endpoint', '/m'],
    ['event:x\rdata:a\rdata:  b\r\r', 'x', 'a\n b'],
    ['event: a\nevent: b\n\n', 'b', null],
    ['event\ndata\n\n', '', ''],
    ['id: 1\n: data: c\ndatum: d\n\n', 'message', null],
    ['\uFEFFdata: a\n\n', 'message', null],
    ['data: é\ndata: \u00ff\n\n', 'message', 'é\n\u00ff'],
  ])('%j → %s, %j', (text, type, data) => {
    const event = b(text);
    expect(readEventFields(event, scanEvent(event, 0, true) as ScannedEvent)).toEqual({
      type,
      data,
    });
  });

  it('reads broken UTF-8 as an SSE client does (U+FFFD)', () => {
    const event = Buffer.concat([b('data: '), Buffer.from([0xe4, 0xbd]), b('\n\n')]);
    expect(readEventFields(event, scanEvent(event, 0, true) as ScannedEvent).data).toBe('\uFFFD');
  });

  it('reads fields only from lines that start at or after `from`', () => {
    const event = b('data: a\nevent: x\ndata: b\n\n');
    const scanned = scanEvent(event, 3, false) as ScannedEvent;
    expect(readEventFields(event, scanned)).toEqual({ type: 'x', data: 'b' });
  });

  it('lists the lines besides data, in order', () => {
    expect(linesBesidesData(b('id: 1\r\nevent: message\r\ndata: x\r\n: hi\r\n\r\n'))).toEqual([
      'id: 1',
      'event: message',
      ': hi',
    ]);
  });
});
