/** The account every benchmark path belongs to. */
export const BENCH_ACCOUNT = '1234567890';

function serverBase(name: string, id: string): string {
  return `/accounts/${BENCH_ACCOUNT}/custom/${name}/id/${id}`;
}

/** Alibaba-shaped MCP server paths of the benchmark upstream, one per kind of answer. */
export const BENCH_PATHS = {
  /** Streamable HTTP answering `application/json`. */
  jsonCall: `${serverBase('bench-json', 'benchJson001')}/mcp`,
  /** Streamable HTTP answering `text/event-stream` with one event. */
  sseCall: `${serverBase('bench-sse', 'benchSse0001')}/mcp`,
  /** A server with 500 tools (`tools/list`). */
  toolsList: `${serverBase('bench-list', 'benchList001')}/mcp`,
  /** GET SSE streams: `?mode=flood|paced|endless&n=…&interval=…`. */
  stream: `${serverBase('bench-stream', 'benchStrm001')}/sse`,
} as const;

/** A JSON-RPC `tools/call` body as an AI client sends it. */
export const TOOLS_CALL_BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 7,
  method: 'tools/call',
  params: {
    name: 'Ecs-20140526-DescribeInstances',
    arguments: { RegionId: 'cn-hangzhou', PageSize: 10, PageNumber: 1 },
  },
});

/** A JSON-RPC `tools/list` body. */
export const TOOLS_LIST_BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 3,
  method: 'tools/list',
  params: {},
});

/** Headers of every benchmark POST (Streamable HTTP). */
export const MCP_POST_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json',
  Accept: 'application/json, text/event-stream',
  'MCP-Protocol-Version': '2025-06-18',
};
