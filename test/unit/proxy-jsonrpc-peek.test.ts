import { describe, expect, it } from 'vitest';
import { isJsonContentType, peekJsonRpc } from '../../electron/core/proxy/jsonrpc-peek';

const bytes = (text: string): Buffer => Buffer.from(text);

describe('peekJsonRpc', () => {
  it.each([
    {
      name: 'a tools/call gives the tool name, never the arguments',
      body: '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"Ecs-20140526-DescribeInstances","arguments":{"name":"secret"}}}',
      expected: { rpcMethod: 'tools/call', tool: 'Ecs-20140526-DescribeInstances' },
    },
    {
      name: 'another method has no tool',
      body: '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"name":"x"}}',
      expected: { rpcMethod: 'initialize', tool: null },
    },
    {
      name: 'a notification',
      body: '{"jsonrpc":"2.0","method":"notifications/initialized"}',
      expected: { rpcMethod: 'notifications/initialized', tool: null },
    },
    {
      name: 'a batch gives comma lists',
      body: '[{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"a"}},{"jsonrpc":"2.0","id":2,"method":"tools/list"},{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"b"}}]',
      expected: { rpcMethod: 'tools/call,tools/list,tools/call', tool: 'a,b' },
    },
    {
      name: 'a response (no method)',
      body: '{"jsonrpc":"2.0","id":1,"result":{}}',
      expected: { rpcMethod: null, tool: null },
    },
    { name: 'an empty batch', body: '[]', expected: { rpcMethod: null, tool: null } },
    { name: 'not JSON', body: '{"method":', expected: { rpcMethod: null, tool: null } },
    { name: 'a JSON string', body: '"tools/call"', expected: { rpcMethod: null, tool: null } },
    {
      name: 'a non-string method',
      body: '{"method":7,"params":{"name":"x"}}',
      expected: { rpcMethod: null, tool: null },
    },
    {
      name: 'a tools/call whose name is not a string',
      body: '{"method":"tools/call","params":{"name":{"x":1}}}',
      expected: { rpcMethod: 'tools/call', tool: null },
    },
  ])('$name', ({ body, expected }) => {
    expect(peekJsonRpc(bytes(body), true)).toEqual(expected);
  });

  it('reads nothing from a truncated body', () => {
    expect(peekJsonRpc(bytes('{"method":"tools/call","params":{"name":"a"'), false)).toEqual({
      rpcMethod: null,
      tool: null,
    });
  });

  it('reads nothing from invalid UTF-8', () => {
    expect(peekJsonRpc(Buffer.from([0x7b, 0xff, 0x7d]), true)).toEqual({
      rpcMethod: null,
      tool: null,
    });
  });
});

describe('isJsonContentType', () => {
  it.each([
    ['application/json', true],
    ['Application/JSON; charset=utf-8', true],
    ['application/vnd.api+json', true],
    ['text/plain', false],
    ['application/jsonx', false],
    [undefined, false],
  ] as const)('%s → %s', (type, expected) => {
    expect(isJsonContentType(type)).toBe(expected);
  });
});
