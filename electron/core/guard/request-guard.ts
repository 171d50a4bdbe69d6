import type { IncomingMessage, ServerResponse } from 'node:http';
import { planBatch, forwardBody } from '../../../shared/guard/batch-plan';
import { mostRestrictive } from '../../../shared/guard/call-decision';
import {
  decideToolCall,
  policyAllowsEverything,
  policyCanDeny,
  type GuardCall,
} from '../../../shared/guard/decide-tool-call';
import {
  isRecord,
  parseJsonRpcBody,
  type JsonRpcBody,
} from '../../../shared/guard/json-rpc-messages';
import { parseServerPath } from '../../../shared/server-rules';
import { forward } from '../proxy/forward';
import { STRICT_UTF8 } from '../proxy/jsonrpc-peek';
import { ProxyErrorCode, sendJsonRpcError } from '../proxy/json-rpc-error';
import type { ProxyContext } from '../proxy/proxy-options';
import { readBody } from '../proxy/request-body';
import type { RequestRecord } from '../proxy/request-record';
import type { ToolsFilter } from './answer-rewrite';
import { decideCalls, denialsOf } from './decide-calls';
import {
  relayGuardedAnswer,
  relayGuardedStream,
  relayIntoOpenStream,
  sendLocalAnswers,
  type AnswerPlan,
  type RelayTarget,
} from './guarded-relay';
import { acceptsEventStream, startKeepAlive } from './keep-alive';
import type { ProxyGuard } from './proxy-guard';
import { sseMessageEvent } from './sse-guard-filter';

/**
 * True when the Guard must see this request: POST bodies and GET streams, unless the policy
 * allows everything (then nothing is read or filtered at all). A legacy SSE stream opened
 * meanwhile keeps working after a switch away from allow-all: its denied calls get a 403.
 */
export function guardApplies(guard: ProxyGuard, req: IncomingMessage): boolean {
  if (req.method !== 'GET' && req.method !== 'POST') return false;
  return !policyAllowsEverything(guard.policy());
}

function decodeBody(bytes: Buffer): JsonRpcBody | null {
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    return null;
  }
  return parseJsonRpcBody(text);
}

function mib(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
}

/**
 * Handles a request the Guard applies to: decides each `tools/call` of a POST body (asking a
 * person when a rule says so), answers denied calls itself, forwards the rest, and filters
 * tools lists out of the answers (JSON and SSE, GET streams included).
 */
export async function guardRequest(
  ctx: ProxyContext,
  guard: ProxyGuard,
  req: IncomingMessage,
  res: ServerResponse,
  target: string,
  record: RequestRecord,
): Promise<void> {
  const server = parseServerPath(record.segments);
  const policy = guard.policy();
  const callOf = (tool: string): GuardCall => ({
    tool,
    server: server.name,
    serverId: server.id,
    client: record.client,
  });
  const filter: ToolsFilter = {
    // read per tool list, not per request: a legacy SSE stream lives for hours
    keep: (tool) => decideToolCall(callOf(tool), guard.policy()).action !== 'deny',
    onHidden: (count) => {
      record.toolsHidden += count;
    },
  };
  const relayTarget: RelayTarget = { ctx, guard, req, res, record, filter };
  if (req.method === 'GET') {
    return forward(ctx, req, res, target, record, {
      relay: (response, plain) => relayGuardedStream(relayTarget, response, plain),
    });
  }

  const started = ctx.now();
  const read = await readBody(req, guard.requestBytes);
  if (read.kind === 'aborted') {
    record.clientGone = true;
    return;
  }
  if (read.kind === 'too-large') {
    const message = `MCP Gate's Guard reads request bodies of up to ${mib(guard.requestBytes)} to check tool calls; this one is larger, so it was not sent. Send a smaller request, or let every tool through with \`mcp-gate guard preset allow-all\`.`;
    record.fail(
      'rejected',
      `request body larger than the Guard reads (${guard.requestBytes} bytes)`,
    );
    record.bytesOut += sendJsonRpcError(res, 413, ProxyErrorCode.tooLarge, message, {
      close: true,
    });
    return;
  }
  const bytes = read.bytes;
  const body = decodeBody(bytes);
  if (body === null) {
    record.bodyRead(bytes, false);
    return forward(ctx, req, res, target, record, { body: bytes });
  }
  // the activity entry reads the body already parsed here, not a second parse of the bytes
  record.bodyParsed(bytes.length, body.batch ? body.messages : body.messages[0]);

  const legacy = guard.sessions.find(target);
  // made only when a person is asked: the plain path stays free of listeners and signals
  const client: { gone: AbortController | null } = { gone: null };
  const onClose = (): void => {
    if (!res.writableFinished) client.gone?.abort();
  };
  const calls = decideCalls(body.messages, {
    policy,
    callOf,
    ask: (input) => {
      if (client.gone === null) {
        client.gone = new AbortController();
        res.once('close', onClose);
      }
      return guard.ask(input, client.gone.signal);
    },
  });
  if (calls.asking !== null) record.guardAsking = { rule: calls.asking, since: started };
  const keepAlive =
    calls.asking !== null && legacy === null && acceptsEventStream(req.headers.accept)
      ? startKeepAlive(res, guard.keepAliveMs, (n) => {
          record.bytesOut += n;
        })
      : null;
  const decided = await calls.all;
  keepAlive?.stop();
  res.off('close', onClose);
  record.guardAsking = null;

  const worst = mostRestrictive(decided.map((d) => d.decision));
  if (worst !== null) {
    record.guard = {
      decision: worst.decision,
      rule: worst.basis,
      answeredBy: worst.by,
      decisionMs: Math.max(0, ctx.now() - started),
    };
  }
  if (res.destroyed || client.gone?.signal.aborted === true) return;

  const { heldBack, reasons, messages } = denialsOf(decided, guard.askTimeoutSeconds());
  const plan = planBatch(body.messages, heldBack);
  if (reasons.length > 0) {
    if (plan.forward.length === 0) record.fail('blocked', reasons.join('; '));
    else record.reason = reasons.join('; ');
  }
  const answerPlan: AnswerPlan = {
    requests: body.messages,
    batch: body.batch,
    local: plan.local,
    forwarded: plan.forward,
    // a 500-tool answer costs ~20 % of the proxy's CPU to parse and re-serialise: only when
    // the policy can hide a tool (a GET stream, which lives on, always filters)
    listsTools:
      policyCanDeny(policy) &&
      plan.forward.some((m) => isRecord(m) && m['method'] === 'tools/list'),
  };
  const forwardBytes =
    plan.changed && plan.forward.length > 0 ? Buffer.from(forwardBody(plan, body.batch)) : bytes;

  if (legacy !== null) {
    if (plan.local.length > 0) legacy(plan.local.map((answer) => answer.message));
    if (plan.forward.length === 0)
      return sendLocalAnswers(relayTarget, { ...answerPlan, local: [] });
    return forward(ctx, req, res, target, record, { body: forwardBytes });
  }
  if (plan.local.length > 0 && looksLikeLegacyPost(req, target)) {
    // a legacy SSE POST whose stream MCP Gate did not see open: the error must travel in the POST
    record.fail('blocked', reasons.join('; '));
    record.bytesOut += sendJsonRpcError(res, 403, ProxyErrorCode.blocked, messages.join(' '));
    return;
  }
  if (keepAlive?.committed === true) {
    for (const answer of plan.local) {
      const event = sseMessageEvent(answer.message);
      res.write(event);
      record.bytesOut += event.length;
    }
    if (plan.forward.length === 0) {
      res.end();
      return;
    }
    return forward(ctx, req, res, target, record, {
      body: forwardBytes,
      relay: (response) => relayIntoOpenStream(relayTarget, answerPlan, response),
    });
  }
  if (plan.forward.length === 0) return sendLocalAnswers(relayTarget, answerPlan);
  return forward(ctx, req, res, target, record, {
    body: forwardBytes,
    relay: (response, plain) => relayGuardedAnswer(relayTarget, answerPlan, response, plain),
  });
}

/** A POST of the legacy SSE transport (`?sessionId=` and no `Mcp-Session-Id` header). */
function looksLikeLegacyPost(req: IncomingMessage, target: string): boolean {
  return /[?&]sessionId=/.test(target) && req.headers['mcp-session-id'] === undefined;
}
