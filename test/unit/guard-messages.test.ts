import { Readable } from 'node:stream';
import { text as readText } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { forwardBody, mergeAnswers, planBatch } from '../../shared/guard/batch-plan';
import {
  askedDecision,
  denialReason,
  mostRestrictive,
  policyDecision,
} from '../../shared/guard/call-decision';
import { allowCommand, deniedToolResult, denialMessage } from '../../shared/guard/denial';
import { classifyMessage, parseJsonRpcBody } from '../../shared/guard/json-rpc-messages';
import { filterToolsListResponse } from '../../shared/guard/tools-list-filter';
import { rewriteEventData, rewriteJsonAnswer } from '../../electron/core/guard/answer-rewrite';
import { JsonArrayAppend } from '../../electron/core/guard/json-array-append';

const req = (id: number | string | undefined, method = 'tools/call', name?: string) => ({
  jsonrpc: '2.0',
  ...(id === undefined ? {} : { id }),
  method,
  ...(name === undefined ? {} : { params: { name, arguments: { a: 1 } } }),
});
const res = (id: number | string | null, tag: string) => ({ jsonrpc: '2.0', id, result: { tag } });
const local = (id: number | string, tag: string) => ({
  jsonrpc: '2.0',
  id,
  result: { tag, isError: true },
});

describe('reading request bodies', () => {
  it.each([
    ['{"jsonrpc":"2.0","id":1,"method":"tools/list"}', false, 1],
    ['[{"id":1},{"id":2}]', true, 2],
    ['[]', true, 0],
    ['not json', null, 0],
  ])('parseJsonRpcBody(%s)', (text, batch, count) => {
    const body = parseJsonRpcBody(text);
    if (batch === null) expect(body).toBeNull();
    else expect(body).toEqual({ batch, messages: expect.any(Array) as unknown });
    expect(body?.messages.length ?? 0).toBe(count);
  });

  it.each([
    [
      req(1, 'tools/call', 'Ecs-1-DeleteInstance'),
      { kind: 'tool-call', id: 1, tool: 'Ecs-1-DeleteInstance', arguments: { a: 1 } },
    ],
    [
      req(undefined, 'tools/call', 'X'),
      { kind: 'tool-call', id: undefined, tool: 'X', arguments: { a: 1 } },
    ],
    [
      { jsonrpc: '2.0', id: 'a', method: 'tools/call', params: { name: 'Y' } },
      { kind: 'tool-call', id: 'a', tool: 'Y', arguments: {} },
    ],
    [{ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 7 } }, { kind: 'other' }],
    [{ jsonrpc: '2.0', id: 1, method: 'tools/call' }, { kind: 'other' }],
    [req(1, 'tools/list'), { kind: 'other' }],
    ['a string', { kind: 'other' }],
    [null, { kind: 'other' }],
  ])('classifyMessage(%j)', (message, expected) => {
    expect(classifyMessage(message)).toEqual(expected);
  });
});

describe('splitting and merging batches', () => {
  const body = [
    req(1, 'tools/call', 'A'),
    req(2, 'tools/call', 'B'),
    req(3, 'tools/list'),
    req(undefined, 'tools/call', 'C'),
    req('4', 'tools/call', 'D'),
  ];

  it('holds back denied calls, answers requests and drops notifications', () => {
    const plan = planBatch(
      body,
      new Map<number, unknown>([
        [1, local(2, 'no')],
        [3, null],
        [4, local('4', 'no')],
      ]),
    );
    expect(plan.forward).toEqual([body[0], body[2]]);
    expect(plan.changed).toBe(true);
    expect(plan.local).toEqual([
      { position: 1, message: local(2, 'no') },
      { position: 4, message: local('4', 'no') },
    ]);
    expect(JSON.parse(forwardBody(plan, true))).toEqual([body[0], body[2]]);
  });

  it('keeps the body unchanged when nothing is held back', () => {
    const plan = planBatch(body, new Map());
    expect(plan).toEqual({ forward: body, changed: false, local: [] });
    expect(JSON.parse(forwardBody(planBatch([body[0]], new Map()), false))).toEqual(body[0]);
  });

  it.each([
    {
      name: 'upstream answers in another order: merged in request order',
      upstream: [res(3, 'list'), res(1, 'a')],
      expected: [res(1, 'a'), local(2, 'no'), res(3, 'list'), local('4', 'no')],
    },
    {
      name: 'an answer the upstream never gave is left out; unmatched ones come last',
      upstream: [res(null, 'parse error'), res(1, 'a')],
      expected: [res(1, 'a'), local(2, 'no'), local('4', 'no'), res(null, 'parse error')],
    },
    {
      name: 'ids match by type: "1" is not 1',
      upstream: [res('1', 'string one'), res(1, 'a'), res(3, 'list')],
      expected: [
        res(1, 'a'),
        local(2, 'no'),
        res(3, 'list'),
        local('4', 'no'),
        res('1', 'string one'),
      ],
    },
  ])('$name', ({ upstream, expected }) => {
    const plan = planBatch(
      body,
      new Map<number, unknown>([
        [1, local(2, 'no')],
        [3, null],
        [4, local('4', 'no')],
      ]),
    );
    expect(mergeAnswers(body, upstream, plan.local)).toEqual(expected);
  });
});

describe('filtering tools lists', () => {
  const list = (id: number, names: readonly string[], extra: Record<string, unknown> = {}) => ({
    jsonrpc: '2.0',
    id,
    result: { tools: names.map((name) => ({ name, description: `about ${name}` })), ...extra },
  });
  const keep = (tool: string): boolean => !tool.includes('Delete');

  it.each([
    {
      name: 'removes denied tools, keeps the cursor and order',
      message: list(1, ['A-Describe', 'A-Delete', 'B-List'], { nextCursor: 'c2' }),
      expected: { message: list(1, ['A-Describe', 'B-List'], { nextCursor: 'c2' }), hidden: 1 },
    },
    {
      name: 'nothing to hide',
      message: list(1, ['A-Describe']),
      expected: { message: list(1, ['A-Describe']), hidden: 0 },
    },
    { name: 'an empty list', message: list(1, []), expected: { message: list(1, []), hidden: 0 } },
    {
      name: 'not a tools list (a tool result)',
      message: { jsonrpc: '2.0', id: 1, result: { content: [] } },
      expected: null,
    },
    {
      name: 'tools that are not tool objects',
      message: { jsonrpc: '2.0', id: 1, result: { tools: ['Delete'] } },
      expected: null,
    },
    {
      name: 'a request, not a response',
      message: { jsonrpc: '2.0', id: 1, method: 'x', result: { tools: [] } },
      expected: null,
    },
    {
      name: 'an error',
      message: { jsonrpc: '2.0', id: 1, error: { code: 1, message: 'tools' } },
      expected: null,
    },
  ])('$name', ({ message, expected }) => {
    expect(filterToolsListResponse(message, keep)).toEqual(expected);
  });

  it('rewrites SSE data only when a list loses tools, counting what was hidden', () => {
    const hidden: number[] = [];
    const filter = { keep, onHidden: (n: number) => void hidden.push(n) };
    expect(rewriteEventData(JSON.stringify(res(1, 'no tools here')), filter)).toBeNull();
    expect(rewriteEventData(JSON.stringify(list(1, ['A-Describe'])), filter)).toBeNull();
    expect(rewriteEventData('{"tools": broken', filter)).toBeNull();
    const out = rewriteEventData(JSON.stringify(list(1, ['A-Delete', 'A-Describe'])), filter);
    expect(JSON.parse(out ?? '')).toEqual(list(1, ['A-Describe']));
    const batch = rewriteEventData(JSON.stringify([list(1, ['A-Delete']), res(2, 'x')]), filter);
    expect(JSON.parse(batch ?? '')).toEqual([list(1, []), res(2, 'x')]);
    expect(hidden).toEqual([1, 1]);
  });

  it('rewrites JSON answers: filtered, merged with local answers in order, else left alone', () => {
    const filter = { keep, onHidden: () => undefined };
    const requests = [req(1, 'tools/list'), req(2, 'tools/call', 'A-Delete')];
    const denied = [{ position: 1, message: local(2, 'no') }];
    expect(
      rewriteJsonAnswer(JSON.stringify(res(1, 'x')), [requests[0]], false, [], filter),
    ).toBeNull();
    expect(rewriteJsonAnswer('not json', requests, true, denied, filter)).toBeNull();
    expect(
      JSON.parse(
        rewriteJsonAnswer(
          JSON.stringify(list(1, ['A-Delete'])),
          [requests[0]],
          false,
          [],
          filter,
        ) ?? '',
      ),
    ).toEqual(list(1, []));
    expect(
      JSON.parse(
        rewriteJsonAnswer(JSON.stringify([list(1, ['B-List'])]), requests, true, denied, filter) ??
          '',
      ),
    ).toEqual([list(1, ['B-List']), local(2, 'no')]);
  });
});

describe('JsonArrayAppend (local answers joining a batch answer too large to hold)', () => {
  async function through(
    chunks: readonly string[],
    items: readonly unknown[],
  ): Promise<{ text: string; failed: boolean }> {
    let failed = false;
    const stage = new JsonArrayAppend(items, () => {
      failed = true;
    });
    const text = await readText(Readable.from(chunks.map((c) => Buffer.from(c))).pipe(stage));
    return { text, failed };
  }

  it.each([
    [['[{"id":1}]'], '[{"id":1},{"id":2}]'],
    [['[{"id":1}', ']'], '[{"id":1},{"id":2}]'],
    [['[{"id":1}]', '\n'], '[{"id":1},{"id":2}]\n'],
    [['[{"id":1} ', ' ]  ', '\n'], '[{"id":1}  ,{"id":2}]  \n'],
    [['[', ']'], '[{"id":2}]'],
    [['[ ]'], '[ {"id":2}]'],
    [['[{"a":"]"}]'], '[{"a":"]"},{"id":2}]'],
  ])('%j + {"id":2} → %s', async (chunks, expected) => {
    expect(await through(chunks, [{ id: 2 }])).toEqual({ text: expected, failed: false });
  });

  it('passes a non-array through and says the answers were lost', async () => {
    expect(await through(['{"id":1}'], [{ id: 2 }])).toEqual({ text: '{"id":1}', failed: true });
  });
});

describe('what a denied call tells the model and the person', () => {
  const c = {
    tool: 'Ecs-20140526-DeleteInstance',
    server: 'demo',
    serverId: 'd1',
    client: 'cursor',
  };

  it.each([
    [
      { tool: 'Ecs-20140526-DeleteInstance', server: 'demo' },
      'mcp-gate guard allow Ecs-20140526-DeleteInstance --server demo',
    ],
    [
      { tool: 'Ecs-20140526-DeleteInstance', server: null },
      'mcp-gate guard allow Ecs-20140526-DeleteInstance',
    ],
    [
      { tool: "it's odd", server: 'my server' },
      "mcp-gate guard allow 'it'\\''s odd' --server 'my server'",
    ],
  ])('allowCommand(%j) is %s', (callInfo, expected) => {
    expect(allowCommand(callInfo)).toBe(expected);
  });

  it.each([
    [
      { by: 'policy' as const, basis: 'preset read-only' },
      "the Guard's preset read-only denies it",
    ],
    [
      { by: 'person' as const, basis: 'preset ask-before-changes' },
      'the person at the computer running MCP Gate denied it',
    ],
    [
      { by: 'timeout' as const, basis: 'rule 1: ask Ecs-*', timeoutSeconds: 60 },
      "it needs a person's approval (rule 1: ask Ecs-*) and nobody answered within 60 seconds",
    ],
    [
      { by: 'no-one' as const, basis: 'preset ask-before-changes' },
      'MCP Gate has no terminal or window to ask on',
    ],
    [{ by: 'client-gone' as const, basis: 'x' }, 'the client went away'],
  ])('says why (%j) and how to allow it, never the arguments', (reason, why) => {
    const message = denialMessage(c, reason);
    expect(message).toContain(
      'MCP Gate did not run the tool Ecs-20140526-DeleteInstance on MCP server "demo"',
    );
    expect(message).toContain(why);
    expect(message).toContain('Nothing was sent to Alibaba Cloud');
    expect(message).toContain('`mcp-gate guard allow Ecs-20140526-DeleteInstance --server demo`');
  });

  it('is a tool result with isError, so clients hand it to the model', () => {
    expect(deniedToolResult(7, 'why')).toEqual({
      jsonrpc: '2.0',
      id: 7,
      result: { content: [{ type: 'text', text: 'why' }], isError: true },
    });
  });

  it('summarises a batch by its most restrictive decision', () => {
    const allow = policyDecision({ action: 'allow', ruleIndex: null, basis: 'preset allow-all' });
    const deny = policyDecision({ action: 'deny', ruleIndex: 2, basis: 'rule 2: deny X' });
    const asked = askedDecision(
      { action: 'ask', ruleIndex: null, basis: 'p' },
      'allow-once',
      'person',
    );
    const timedOut = askedDecision(
      { action: 'ask', ruleIndex: null, basis: 'p' },
      'deny',
      'timeout',
    );
    expect(mostRestrictive([])).toBeNull();
    expect(mostRestrictive([allow, asked])).toBe(asked);
    expect(mostRestrictive([asked, timedOut, allow])).toBe(timedOut);
    expect(mostRestrictive([timedOut, deny])).toBe(deny);
    expect(asked).toEqual({ allowed: true, decision: 'ask-allowed', by: 'person', basis: 'p' });
    expect(denialReason(timedOut, 'T', 60)).toBe('T denied: nobody answered within 60 s');
    expect(denialReason(deny, 'T', 60)).toBe('T denied by the Guard (rule 2: deny X)');
  });
});
