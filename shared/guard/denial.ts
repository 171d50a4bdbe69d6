import type { GuardAnsweredBy } from '../activity';
import type { GuardCall } from './decide-tool-call';
import type { JsonRpcId } from './json-rpc-messages';

/** Why a tool call was denied: who settled it, and on what basis (rule, preset). */
export interface DenialReason {
  readonly by: GuardAnsweredBy;
  /** The rule or preset in words, e.g. `rule 2: deny Ecs-*-Delete*` or `preset read-only`. */
  readonly basis: string;
  /** How long a person had to answer, for a timeout. */
  readonly timeoutSeconds?: number;
}

function shellWord(value: string): string {
  return /^[\w.@%+=:,/-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The command that allows this tool on this server: `mcp-gate guard allow <tool> --server <S>`. */
export function allowCommand(call: Pick<GuardCall, 'tool' | 'server'>): string {
  const server = call.server === null ? '' : ` --server ${shellWord(call.server)}`;
  return `mcp-gate guard allow ${shellWord(call.tool)}${server}`;
}

function why(reason: DenialReason): string {
  switch (reason.by) {
    case 'policy':
      return `the Guard's ${reason.basis} denies it`;
    case 'person':
      return 'the person at the computer running MCP Gate denied it';
    case 'timeout':
      return `it needs a person's approval (${reason.basis}) and nobody answered within ${reason.timeoutSeconds ?? 60} seconds`;
    case 'no-one':
      return `it needs a person's approval (${reason.basis}) and MCP Gate has no terminal or window to ask on`;
    case 'client-gone':
      return 'the client went away while a person was being asked';
  }
}

/**
 * What the model and the person read when a tool call is denied: which tool, why, that it
 * did not run, and how to allow it.
 */
export function denialMessage(call: GuardCall, reason: DenialReason): string {
  const where = call.server === null ? '' : ` on MCP server "${call.server}"`;
  return (
    `MCP Gate did not run the tool ${call.tool}${where}: ${why(reason)}. ` +
    'Nothing was sent to Alibaba Cloud. Do not retry this call; tell the user. ' +
    `To allow it, the user can run \`${allowCommand(call)}\` or use the Guard page of the MCP Gate app.`
  );
}

/**
 * The JSON-RPC answer to a denied `tools/call`: a tool result with `isError: true`, which MCP
 * clients hand to the model (a protocol error would often be shown only as a failure).
 */
export function deniedToolResult(id: JsonRpcId, message: string): unknown {
  return {
    jsonrpc: '2.0',
    id,
    result: { content: [{ type: 'text', text: message }], isError: true },
  };
}
