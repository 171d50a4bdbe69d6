import { parseServerPath } from '../../../shared/server-rules';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import { SignedOutError, TokenEndpointError } from '../errors';
import { clientResponseHeaders, isEventStream, upstreamRequestHeaders } from './headers';
import { isJsonContentType } from './jsonrpc-peek';
import { ProxyErrorCode, sendJsonRpcError } from './json-rpc-error';
import type { UpstreamResponse } from '../upstream';
import type { ProxyContext } from './proxy-options';
import { declaredLength, readBody, RequestBody } from './request-body';
import type { RequestRecord } from './request-record';
import { SseEndpointRewrite } from './sse-endpoint-rewrite';
import { describeUpstreamError, upstreamUnreachableMessage } from './upstream-error';

/** Status for a request whose token the upstream keeps rejecting (never 401: clients would start their own OAuth). */
export const TOKEN_REJECTED_STATUS = 503;

const SIGN_IN_AGAIN =
  'The MCP upstream rejected a freshly refreshed access token: sign in again with `mcp-gate login`.';
const SEND_AGAIN =
  'The MCP upstream rejected the access token; it has been renewed, but this request was too large to replay: send it again.';

/** How the Guard (electron/core/guard) takes part in forwarding a request it has read. */
export interface ForwardHooks {
  /** The request body, already read (and maybe cut down), sent instead of the client's stream. */
  readonly body?: Buffer;
  /** Sends the upstream answer to the client; `plain` is the ordinary relay. */
  readonly relay?: (response: UpstreamResponse, plain: () => Promise<void>) => Promise<void>;
}

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
  hooks: ForwardHooks = {},
): Promise<void> {
  // a body the Guard read is already counted and peeked at; a small one is read whole here
  let whole = hooks.body;
  if (whole === undefined) {
    const length = declaredLength(req);
    if (length > 0 && length <= ctx.inspectBytes) {
      const read = await readBody(req, length);
      if (read.kind !== 'complete') {
        record.clientGone = true;
        return;
      }
      whole = read.bytes;
      record.bodyRead(read.bytes, isJsonPost(req));
    }
  }

  const controller = new AbortController();
  const { signal } = controller;
  res.once('close', () => {
    if (res.writableFinished || record.upstreamFailed) return;
    record.clientGone = true;
    controller.abort();
  });

  const body =
    whole === undefined
      ? new RequestBody(req, ctx, () => {
          controller.abort();
          record.fail('rejected', `request body larger than ${ctx.maxBodyBytes} bytes`);
          record.bytesOut += sendJsonRpcError(
            res,
            413,
            ProxyErrorCode.tooLarge,
            `Request body larger than ${ctx.maxBodyBytes} bytes.`,
            { close: true },
          );
        })
      : null;
  if (body !== null) record.bodyStreamed(body, isJsonPost(req));

  const tokens = ctx.tokensFor(parseServerPath(record.segments).account);
  const token = await accessToken(ctx, res, record, () => tokens.getAccessToken(signal));
  if (token === null) return;

  const send = (payload: Readable | Buffer | null, bearer: string): Promise<UpstreamResponse> =>
    ctx.upstreamClient.request({
      path: ctx.upstream.pathPrefix + target,
      method: req.method ?? 'GET',
      headers: upstreamRequestHeaders(req.headers, bearer),
      body: payload,
      signal,
    });

  try {
    // exactly one of `whole` and `body` is set
    let response = await send(whole ?? body?.start() ?? null, token);
    if (response.statusCode === 401) {
      await response.body.dump().catch(() => undefined);
      const fresh = await accessToken(ctx, res, record, () =>
        tokens.refreshAfterRejection(token, signal),
      );
      if (fresh === null) return;
      const replay = whole ?? (await body?.replay()) ?? null;
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
    const plain = (): Promise<void> => relay(ctx, req, res, response, record);
    await (hooks.relay === undefined ? plain() : hooks.relay(response, plain));
  } catch (error) {
    if (record.clientGone || body?.tooLarge === true) return;
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

function isJsonPost(req: IncomingMessage): boolean {
  return req.method === 'POST' && isJsonContentType(req.headers['content-type']);
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

/** Where an answer goes: the client's response, with the request's record for activity. */
export interface ClientTarget {
  readonly ctx: ProxyContext;
  readonly res: ServerResponse;
  readonly record: RequestRecord;
}

/** Streams the source through the transforms into the client, counting bytes; a failure cuts the client off. */
export async function pipeToClient(
  target: ClientTarget,
  source: Readable,
  transforms: readonly Duplex[] = [],
): Promise<void> {
  const { ctx, res, record } = target;
  const done = streamToClient(source, transforms, res);
  (transforms[transforms.length - 1] ?? source).on('data', (chunk: Buffer) => {
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

/**
 * The body length an upstream answer declares, or -1 (none, chunked, or not one number). The
 * upstream client has already refused an answer whose framing it cannot trust.
 */
function answerLength(headers: UpstreamResponse['headers']): number {
  const value = headers['content-length'];
  if (typeof value !== 'string' || headers['transfer-encoding'] !== undefined) return -1;
  const length = Number(value);
  return Number.isSafeInteger(length) ? length : -1;
}

/** Streams the upstream answer to the client, rewriting the SSE endpoint event. */
async function relay(
  ctx: ProxyContext,
  req: IncomingMessage,
  res: ServerResponse,
  response: UpstreamResponse,
  record: RequestRecord,
): Promise<void> {
  const sse = isEventStream(response.headers['content-type']);
  let upstreamError: unknown = null;
  response.body.once('error', (error) => {
    upstreamError = error;
    if (!record.clientGone) record.upstreamFailed = true;
  });
  const length = sse ? -1 : answerLength(response.headers);
  if (length >= 0 && length <= ctx.inspectBytes) {
    // a small answer of known length (every JSON-RPC answer) is read whole and sent with its
    // head in one write: no pipe, no per-chunk bookkeeping
    const read = await readBody(response.body, length);
    if (read.kind !== 'complete') {
      // nothing has reached the client yet: an upstream that failed mid-answer gets the 502
      // of forward(); a client that left has already cut the upstream off
      if (record.upstreamFailed) throw upstreamError;
      return;
    }
    res.writeHead(response.statusCode, clientResponseHeaders(response.headers));
    res.end(read.bytes);
    record.bytesOut += read.bytes.length;
    return;
  }
  res.writeHead(response.statusCode, clientResponseHeaders(response.headers));
  if (sse) res.flushHeaders();
  // only the legacy transport's GET stream announces its `endpoint`; an answer to a POST
  // (Streamable HTTP) never does, so it streams without the rewrite stage
  const rewrite =
    sse && req.method === 'GET'
      ? [
          new SseEndpointRewrite({
            upstreamOrigin: ctx.upstream.origin,
            upstreamPathPrefix: ctx.upstream.pathPrefix,
            proxyOrigin: `http://${req.headers.host ?? ''}`,
          }),
        ]
      : [];
  await pipeToClient({ ctx, res, record }, response.body, rewrite);
}

/**
 * Pipes `source` through `transforms` into the client like `stream.pipeline`, without the
 * AbortController pipeline makes and aborts for every call (its DOMException and stack trace
 * were ~5 % of the proxy's CPU per request). Resolves when the response has finished; on the
 * first error or premature close it destroys every stage (cancelling the upstream request)
 * and rejects with that error.
 */
export function streamToClient(
  source: Readable,
  transforms: readonly Duplex[],
  res: ServerResponse,
): Promise<void> {
  const stages: readonly Readable[] = [source, ...transforms];
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      for (const stage of stages) stage.destroy();
      reject(error);
    };
    stages.forEach((stage, i) => {
      stage.on('error', fail);
      stage.once('close', () => {
        if (!stage.readableEnded) fail(new Error('upstream answer closed before its end'));
      });
      stage.pipe(transforms[i] ?? res);
    });
    res.on('error', fail);
    res.once('close', () => {
      if (!res.writableFinished) fail(new Error('client closed the response before its end'));
    });
    res.once('finish', () => {
      settled = true;
      resolve();
    });
  });
}
