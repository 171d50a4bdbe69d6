import { parseServerPath } from '../../../shared/server-rules';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Dispatcher } from 'undici';
import { SignedOutError, TokenEndpointError } from '../errors';
import { clientResponseHeaders, isEventStream, upstreamRequestHeaders } from './headers';
import { isJsonContentType, peekJsonRpc } from './jsonrpc-peek';
import { ProxyErrorCode, sendJsonRpcError } from './json-rpc-error';
import type { ProxyContext } from './proxy-options';
import { RequestBody } from './request-body';
import type { RequestRecord } from './request-record';
import { SseEndpointRewrite } from './sse-endpoint-rewrite';
import { describeUpstreamError, upstreamUnreachableMessage } from './upstream-error';

/** Status for a request whose token the upstream keeps rejecting (never 401: clients would start their own OAuth). */
export const TOKEN_REJECTED_STATUS = 503;

const SIGN_IN_AGAIN =
  'The MCP upstream rejected a freshly refreshed access token: sign in again with `mcp-gate login`.';
const SEND_AGAIN =
  'The MCP upstream rejected the access token; it has been renewed, but this request was too large to replay: send it again.';

/**
 * Forwards one admitted request upstream with the access token, retrying once after a
 * refresh when the upstream answers 401, and streams the answer back to the client.
 */
export async function forward(
  ctx: ProxyContext,
  req: IncomingMessage,
  res: ServerResponse,
  target: string,
  record: RequestRecord,
): Promise<void> {
  const controller = new AbortController();
  const { signal } = controller;
  res.once('close', () => {
    if (res.writableFinished || record.upstreamFailed) return;
    record.clientGone = true;
    controller.abort();
  });

  const body = new RequestBody(req, ctx, () => {
    controller.abort();
    record.fail('rejected', `request body larger than ${ctx.maxBodyBytes} bytes`);
    record.bytesOut += sendJsonRpcError(
      res,
      413,
      ProxyErrorCode.tooLarge,
      `Request body larger than ${ctx.maxBodyBytes} bytes.`,
      { close: true },
    );
  });
  record.bytesIn = () => body.bytes;
  record.peek = () => {
    if (req.method !== 'POST' || !isJsonContentType(req.headers['content-type'])) {
      return { rpcMethod: null, tool: null };
    }
    const prefix = body.prefix();
    return peekJsonRpc(prefix.bytes, prefix.complete);
  };

  const tokens = ctx.tokensFor(parseServerPath(record.segments).account);
  const token = await accessToken(ctx, res, record, () => tokens.getAccessToken(signal));
  if (token === null) return;

  const send = (
    payload: Readable | Buffer | null,
    bearer: string,
  ): Promise<Dispatcher.ResponseData> =>
    ctx.dispatcher.request({
      origin: ctx.upstream.origin,
      path: ctx.upstream.pathPrefix + target,
      method: req.method ?? 'GET',
      headers: upstreamRequestHeaders(req.headers, bearer),
      body: payload,
      signal,
      headersTimeout: ctx.headersMs,
      bodyTimeout: 0,
    });

  try {
    let response = await send(body.start(), token);
    if (response.statusCode === 401) {
      await response.body.dump().catch(() => undefined);
      const fresh = await accessToken(ctx, res, record, () =>
        tokens.refreshAfterRejection(token, signal),
      );
      if (fresh === null) return;
      const replay = await body.replay();
      if (record.clientGone) return;
      if (replay === null) {
        ctx.logger.info(
          { path: record.path },
          'upstream rejected the access token; request not replayable',
        );
        record.fail('upstream-error', 'access token rejected; request too large to replay');
        record.bytesOut += sendJsonRpcError(
          res,
          TOKEN_REJECTED_STATUS,
          ProxyErrorCode.tokenRejected,
          SEND_AGAIN,
        );
        return;
      }
      response = await send(replay, fresh);
      if (response.statusCode === 401) {
        await response.body.dump().catch(() => undefined);
        ctx.logger.warn({ path: record.path }, 'upstream rejected a refreshed access token');
        record.fail('signed-out', 'access token rejected twice');
        record.bytesOut += sendJsonRpcError(
          res,
          TOKEN_REJECTED_STATUS,
          ProxyErrorCode.tokenRejected,
          SIGN_IN_AGAIN,
        );
        return;
      }
    }
    await relay(ctx, req, res, response, record);
  } catch (error) {
    if (record.clientGone || body.tooLarge) return;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const cause = describeUpstreamError(error);
    ctx.logger.warn({ method: record.method, path: record.path, cause }, 'upstream request failed');
    record.fail('upstream-error', cause);
    record.bytesOut += sendJsonRpcError(
      res,
      502,
      ProxyErrorCode.upstreamUnreachable,
      upstreamUnreachableMessage(ctx.upstream.origin, error),
    );
  }
}

/** Gets a token (or a refreshed one); answers 503 and returns null when that fails. */
async function accessToken(
  ctx: ProxyContext,
  res: ServerResponse,
  record: RequestRecord,
  get: () => Promise<string>,
): Promise<string | null> {
  try {
    return await get();
  } catch (error) {
    if (record.clientGone) return null;
    const signedOut = error instanceof SignedOutError;
    const message =
      signedOut || error instanceof TokenEndpointError
        ? error.message
        : 'Could not get an Alibaba Cloud access token: check the MCP Gate log.';
    if (!signedOut && !(error instanceof TokenEndpointError)) {
      ctx.logger.error(
        { err: { name: error instanceof Error ? error.name : typeof error } },
        'token source failed',
      );
    }
    record.fail(signedOut ? 'signed-out' : 'upstream-error', message);
    record.bytesOut += sendJsonRpcError(res, 503, ProxyErrorCode.signedOut, message);
    return null;
  }
}

/** Streams the upstream answer to the client, rewriting the SSE endpoint event. */
async function relay(
  ctx: ProxyContext,
  req: IncomingMessage,
  res: ServerResponse,
  response: Dispatcher.ResponseData,
  record: RequestRecord,
): Promise<void> {
  const sse = isEventStream(response.headers['content-type']);
  res.writeHead(response.statusCode, clientResponseHeaders(response.headers));
  if (sse) res.flushHeaders();
  response.body.once('error', () => {
    if (!record.clientGone) record.upstreamFailed = true;
  });
  const stages: Readable[] = [response.body];
  if (sse) {
    stages.push(
      new SseEndpointRewrite({
        upstreamOrigin: ctx.upstream.origin,
        upstreamPathPrefix: ctx.upstream.pathPrefix,
        proxyOrigin: `http://${req.headers.host ?? ''}`,
      }),
    );
  }
  const done = pipeline([...stages, res]);
  stages[stages.length - 1]?.on('data', (chunk: Buffer) => {
    record.bytesOut += chunk.length;
  });
  try {
    await done;
  } catch (error) {
    if (record.upstreamFailed) {
      const cause = describeUpstreamError(error);
      ctx.logger.warn(
        { method: record.method, path: record.path, cause },
        'upstream failed mid-response',
      );
      record.reason = `upstream failed mid-response: ${cause}`;
    }
    res.destroy();
  }
}
