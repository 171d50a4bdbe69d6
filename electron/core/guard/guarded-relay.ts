import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { LocalAnswer } from '../../../shared/guard/batch-plan';
import { requestId } from '../../../shared/guard/json-rpc-messages';
import { pipeToClient } from '../proxy/forward';
import { clientResponseHeaders, isEventStream, type OutgoingHeaders } from '../proxy/headers';
import { isJsonContentType } from '../proxy/jsonrpc-peek';
import { ProxyErrorCode } from '../proxy/json-rpc-error';
import type { ProxyContext } from '../proxy/proxy-options';
import type { UpstreamResponse } from '../upstream';
import type { RequestRecord } from '../proxy/request-record';
import { SseEndpointRewrite } from '../proxy/sse-endpoint-rewrite';
import {
  rewriteEventData,
  rewriteJsonAnswer,
  TOOLS_MARKER,
  type ToolsFilter,
} from './answer-rewrite';
import { JsonArrayAppend } from './json-array-append';
import { LegacySessions } from './legacy-sessions';
import type { ProxyGuard } from './proxy-guard';
import { readBounded } from './read-request-body';
import { SseGuardFilter, sseDataEvent, sseMessageEvent } from './sse-guard-filter';

/** One guarded request's place in the proxy: where the answer goes and what it is recorded as. */
export interface RelayTarget {
  readonly ctx: ProxyContext;
  readonly guard: ProxyGuard;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly record: RequestRecord;
  readonly filter: ToolsFilter;
}

/** What the Guard did with a POST body: the messages, and the answers it gives itself. */
export interface AnswerPlan {
  readonly requests: readonly unknown[];
  readonly batch: boolean;
  readonly local: readonly LocalAnswer[];
  /** The messages sent upstream (to answer their ids when the upstream fails after an ask). */
  readonly forwarded: readonly unknown[];
  /** True when a `tools/list` went upstream, so its answer may need filtering. */
  readonly listsTools: boolean;
}

function is2xx(status: number): boolean {
  return status >= 200 && status < 300;
}

function withoutLength(headers: OutgoingHeaders): OutgoingHeaders {
  delete headers['content-length'];
  return headers;
}

function watchUpstream(target: RelayTarget, response: UpstreamResponse): void {
  response.body.once('error', () => {
    if (!target.record.clientGone) target.record.upstreamFailed = true;
  });
}

function sendBody(
  target: RelayTarget,
  status: number,
  headers: OutgoingHeaders,
  body: Buffer,
): void {
  headers['content-length'] = String(body.length);
  target.res.writeHead(status, headers);
  target.res.end(body);
  target.record.bytesOut += body.length;
}

/** Answers with the local answers alone, as JSON (an array for a batch). */
export function sendLocalAnswers(target: RelayTarget, plan: AnswerPlan): void {
  if (plan.local.length === 0) {
    target.res.writeHead(202, { 'content-length': '0' });
    target.res.end();
    return;
  }
  const messages = plan.local.map((answer) => answer.message);
  const body = Buffer.from(JSON.stringify(plan.batch ? messages : messages[0]));
  sendBody(target, 200, { 'content-type': 'application/json', 'cache-control': 'no-store' }, body);
}

function sseFilter(target: RelayTarget, onEndpoint?: (data: string) => void): SseGuardFilter {
  let warned = false;
  return new SseGuardFilter({
    maxEventBytes: target.guard.filterBytes,
    // an event without the marker cannot be a tools list: rewriteEventData would leave it as is
    marker: TOOLS_MARKER,
    rewrite: (data) => rewriteEventData(data, target.filter),
    ...(onEndpoint === undefined ? {} : { onEndpoint }),
    onOversize: () => {
      if (warned) return;
      warned = true;
      target.ctx.logger.warn(
        { path: target.record.path, limit: target.guard.filterBytes },
        'SSE event too large for the Guard to filter; passed on unfiltered (denied tools are still refused when called)',
      );
    },
  });
}

/**
 * Relays the upstream answer to a POST the Guard read: tools lists filtered (JSON and SSE),
 * local answers merged into JSON in request order or sent first as SSE events.
 */
export async function relayGuardedAnswer(
  target: RelayTarget,
  plan: AnswerPlan,
  response: UpstreamResponse,
  plain: () => Promise<void>,
): Promise<void> {
  if (plan.local.length === 0 && !plan.listsTools) return plain();
  const { res, guard } = target;
  const status = response.statusCode;
  const type = response.headers['content-type'];
  watchUpstream(target, response);
  if ((status === 202 || status === 204) && plan.local.length > 0) {
    await response.body.dump().catch(() => undefined);
    sendLocalAnswers(target, plan);
    return;
  }
  if (is2xx(status) && isEventStream(type)) {
    res.writeHead(status, clientResponseHeaders(response.headers));
    res.flushHeaders();
    const filter = sseFilter(target);
    for (const answer of plan.local) filter.inject(sseMessageEvent(answer.message));
    await pipeToClient(target, response.body, [filter]);
    return;
  }
  const contentType = typeof type === 'string' ? type : type?.[0];
  if (!is2xx(status) || !isJsonContentType(contentType)) return plain();
  const read = await readBounded(response.body, guard.filterBytes);
  const headers = clientResponseHeaders(response.headers);
  if (read.complete) {
    const text = read.bytes.toString('utf8');
    const rewritten = rewriteJsonAnswer(text, plan.requests, plan.batch, plan.local, target.filter);
    sendBody(target, status, headers, rewritten === null ? read.bytes : Buffer.from(rewritten));
    return;
  }
  target.ctx.logger.warn(
    { path: target.record.path, limit: guard.filterBytes },
    'JSON answer too large for the Guard to filter; passed on unfiltered (denied tools are still refused when called)',
  );
  res.writeHead(status, withoutLength(headers));
  const transforms: Duplex[] = [];
  if (plan.local.length > 0) {
    transforms.push(
      new JsonArrayAppend(
        plan.local.map((answer) => answer.message),
        () =>
          target.ctx.logger.warn(
            { path: target.record.path },
            'local answers lost: the batch answer was not an array',
          ),
      ),
    );
  }
  await pipeToClient(target, read.rest, transforms);
}

function errorEvents(plan: AnswerPlan, message: string): Buffer[] {
  return plan.forwarded
    .map(requestId)
    .filter((id) => id !== undefined)
    .map((id) =>
      sseMessageEvent({ jsonrpc: '2.0', id, error: { code: ProxyErrorCode.internal, message } }),
    );
}

/**
 * Relays the upstream answer into an SSE answer the Guard already started (keep-alive while a
 * person was asked): SSE passes through filtered, JSON becomes one event per message, and an
 * upstream error becomes an error for each forwarded request.
 */
export async function relayIntoOpenStream(
  target: RelayTarget,
  plan: AnswerPlan,
  response: UpstreamResponse,
): Promise<void> {
  const { res, guard } = target;
  const status = response.statusCode;
  const type = response.headers['content-type'];
  watchUpstream(target, response);
  const write = (events: readonly Buffer[]): void => {
    for (const event of events) {
      res.write(event);
      target.record.bytesOut += event.length;
    }
  };
  if (is2xx(status) && isEventStream(type)) {
    await pipeToClient(target, response.body, [sseFilter(target)]);
    return;
  }
  const contentType = typeof type === 'string' ? type : type?.[0];
  if (is2xx(status) && isJsonContentType(contentType)) {
    const read = await readBounded(response.body, guard.filterBytes);
    const parsed = read.complete ? parseJson(read.bytes.toString('utf8')) : undefined;
    if (!read.complete) read.rest.resume();
    if (parsed === undefined) {
      write(
        errorEvents(
          plan,
          'The MCP upstream answer was too large or not JSON after the call was allowed.',
        ),
      );
    } else {
      const messages = Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
      write(
        messages.map((message) => {
          const text = JSON.stringify(message);
          return sseDataEvent(rewriteEventData(text, target.filter) ?? text);
        }),
      );
    }
    res.end();
    return;
  }
  await response.body.dump().catch(() => undefined);
  if (!is2xx(status)) {
    write(
      errorEvents(plan, `The MCP upstream answered HTTP ${status} after the call was allowed.`),
    );
  }
  res.end();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Relays a GET event stream (legacy SSE transport, or Streamable HTTP's own stream): the legacy
 * `endpoint` event is rewritten and remembered so denied calls can be answered on this stream,
 * and tools lists are filtered.
 */
export async function relayGuardedStream(
  target: RelayTarget,
  response: UpstreamResponse,
  plain: () => Promise<void>,
): Promise<void> {
  const { ctx, req, res, guard } = target;
  if (!is2xx(response.statusCode) || !isEventStream(response.headers['content-type'])) {
    return plain();
  }
  watchUpstream(target, response);
  res.writeHead(response.statusCode, clientResponseHeaders(response.headers));
  res.flushHeaders();
  const proxyOrigin = `http://${req.headers.host ?? ''}`;
  const unregister: (() => void)[] = [];
  const filter = sseFilter(target, (data) => {
    const key = LegacySessions.keyOf(data, proxyOrigin);
    if (key === null) return;
    unregister.push(
      guard.sessions.register(key, (messages) => {
        for (const message of messages) filter.inject(sseMessageEvent(message));
      }),
    );
  });
  res.once('close', () => {
    for (const remove of unregister) remove();
  });
  await pipeToClient(target, response.body, [
    new SseEndpointRewrite({
      upstreamOrigin: ctx.upstream.origin,
      upstreamPathPrefix: ctx.upstream.pathPrefix,
      proxyOrigin,
    }),
    filter,
  ]);
}
