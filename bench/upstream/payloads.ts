const INSTANCES = Array.from({ length: 6 }, (_, i) => ({
  InstanceId: `i-bp1benchmark000${i}`,
  InstanceName: `bench-${i}`,
  Status: 'Running',
  InstanceType: 'ecs.g7.large',
  ZoneId: 'cn-hangzhou-h',
}));

/** The text content of a tool result, about 900 bytes, so the whole JSON-RPC answer is ~1 KB. */
const TOOL_TEXT = JSON.stringify({ TotalCount: INSTANCES.length, Instances: INSTANCES });

/** The JSON-RPC result of a `tools/call` (~1 KB once wrapped). */
export function toolCallAnswer(id: unknown): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    result: { content: [{ type: 'text', text: TOOL_TEXT }], isError: false },
  });
}

function tool(i: number): unknown {
  return {
    name: `Ecs-20140526-Operation${String(i).padStart(3, '0')}`,
    description: `Calls ECS OpenAPI operation number ${i}. Returns the operation's answer as JSON; see the OpenAPI portal for every field.`,
    inputSchema: {
      type: 'object',
      properties: {
        RegionId: { type: 'string', description: 'Region of the resource, e.g. cn-hangzhou.' },
        InstanceId: { type: 'string', description: 'Id of the instance the call acts on.' },
        DryRun: { type: 'boolean', description: 'Only check the request, change nothing.' },
      },
      required: ['RegionId'],
    },
  };
}

const TOOLS_JSON = JSON.stringify({ tools: Array.from({ length: 500 }, (_, i) => tool(i)) });

/** The JSON-RPC result of `tools/list` with 500 tools (~200 KB). */
export function toolsListAnswer(id: unknown): string {
  return `{"jsonrpc":"2.0","id":${JSON.stringify(id ?? null)},"result":${TOOLS_JSON}}`;
}

/** One SSE `message` event holding `json`. */
export function sseMessage(json: string): string {
  return `event: message\ndata: ${json}\n\n`;
}

const PADDING = 'x'.repeat(80);

/** A ~200 B progress notification event, with the upstream's send time when `sentNs` is given. */
export function progressEvent(seq: number, total: number, sentNs: bigint | null): string {
  const t = sentNs === null ? '' : `,"t":"${sentNs}"`;
  return sseMessage(
    `{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"bench","progress":${seq},"total":${total},"message":"${PADDING}"${t}}}`,
  );
}
