import type { IncomingMessage, ServerResponse } from 'node:http';
import { decideServerAccess, normalizeRequestPath } from '../../../shared/server-rules';
import { guardApplies, guardRequest } from '../guard/request-guard';
import { forward } from './forward';
import { ProxyErrorCode, sendJsonRpcError } from './json-rpc-error';
import { checkHost, checkOrigin } from './local-access';
import type { ProxyContext } from './proxy-options';
import { declaredLength, requestHasBody } from './request-body';
import { RequestRecord } from './request-record';

/** The message a blocked request gets, naming the rule list to change. */
export function blockedMessage(list: 'blocked' | 'not-allowed', rule: string | null): string {
  return list === 'blocked'
    ? `This MCP server is blocked by rule ${JSON.stringify(rule ?? '')} in --blocked-servers.`
    : 'This MCP server is not in --allowed-servers.';
}

/** Builds the proxy's request listener: local checks, rules, local routes, then forwarding. */
export function createRequestHandler(
  ctx: ProxyContext,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(ctx, req, res).catch((error: unknown) => {
      ctx.logger.error(
        { err: { name: error instanceof Error ? error.name : typeof error } },
        'proxy request failed',
      );
      sendJsonRpcError(res, 500, ProxyErrorCode.internal, 'MCP Gate failed to handle the request.');
    });
  };
}

async function handle(ctx: ProxyContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = req.url ?? '';
  const record = new RequestRecord(ctx.now(), req.method ?? 'GET', target);
  res.once('close', () => {
    if (!res.writableFinished && !record.upstreamFailed) record.clientGone = true;
    if (record.local) return;
    try {
      ctx.activity.append(record.entry(res.headersSent ? res.statusCode : 0, ctx.now()));
    } catch {
      ctx.logger.error('activity sink failed');
    }
  });
  const refuse = (status: number, code: ProxyErrorCode, message: string): void => {
    record.fail('rejected', message);
    record.bytesOut += sendJsonRpcError(res, status, code, message, {
      close: requestHasBody(req),
    });
  };

  const host = checkHost(req.headers.host);
  if (!host.allowed) return refuse(403, ProxyErrorCode.forbidden, `Forbidden: ${host.reason}.`);
  const origin = checkOrigin(req.headers.origin, ctx.allowedOrigins);
  if (!origin.allowed) return refuse(403, ProxyErrorCode.forbidden, `Forbidden: ${origin.reason}.`);
  const path = normalizeRequestPath(target);
  if (!path.ok) return refuse(400, ProxyErrorCode.badRequest, `Bad request path: ${path.reason}.`);

  const route = ctx.localRoutes.get(path.path);
  if (route !== undefined) {
    record.local = true;
    await route(req, res, new URL(path.path + path.search, `http://${req.headers.host ?? ''}`));
    return;
  }

  record.path = path.path;
  record.segments = path.segments;
  if (ctx.authenticateClient !== null) {
    const auth = await ctx.authenticateClient(req);
    if (!auth.ok) return refuse(401, ProxyErrorCode.unauthorized, auth.message);
    record.client = auth.client;
  }
  const decision = decideServerAccess(path.segments, ctx.rules());
  if (!decision.allowed) {
    ctx.logger.warn(
      { path: path.path, list: decision.list, rule: decision.rule },
      'request blocked',
    );
    record.fail('blocked', blockedMessage(decision.list, decision.rule));
    record.bytesOut += sendJsonRpcError(res, 403, ProxyErrorCode.blocked, record.reason ?? '', {
      close: requestHasBody(req),
    });
    return;
  }

  if (declaredLength(req) > ctx.maxBodyBytes) {
    const message = `Request body larger than ${ctx.maxBodyBytes} bytes.`;
    record.fail('rejected', message);
    record.bytesOut += sendJsonRpcError(res, 413, ProxyErrorCode.tooLarge, message, {
      close: true,
    });
    return;
  }
  if (ctx.guard !== null && guardApplies(ctx.guard, req)) {
    await guardRequest(ctx, ctx.guard, req, res, path.path + path.search, record);
    return;
  }
  await forward(ctx, req, res, path.path + path.search, record);
}
