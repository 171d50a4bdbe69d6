import { randomBytes } from 'node:crypto';
import {
  defaultFetch,
  describeNetworkError,
  isTimeout,
  readBodyText,
  type FetchFn,
} from '../auth/http-fetch';
import { UserError } from '../errors';
import { formatAcsDate, signRequest, type AccessKeyCredentials } from './acs3-signer';
import { CloudApiError, parseCloudErrorBody } from './cloud-api-error';

/** The IMS (RAM identity) API version used for OAuth applications. */
export const IMS_API_VERSION = '2019-08-15';
/** The OpenAPI MCP server API version of `ListApiMcpServers`. */
export const MCP_API_VERSION = '2024-11-30';

/** Where the management APIs live; tests point both at the local cloud. */
export interface OpenApiEndpoints {
  /** IMS endpoint, e.g. `https://ims.aliyuncs.com`. */
  readonly imsUrl: string;
  /** OpenAPI MCP host, e.g. `https://openapi-mcp.cn-hangzhou.aliyuncs.com`. */
  readonly mcpUrl: string;
}

/** IMS endpoints of the two sites (the international one as `aliyun mcp-proxy` uses it). */
export const IMS_ENDPOINTS: Readonly<Record<'cn' | 'intl', string>> = {
  cn: 'https://ims.aliyuncs.com',
  intl: 'https://ims.ap-southeast-1.aliyuncs.com',
};

/** What a signed OpenAPI client is built from. */
export interface OpenApiClientOptions {
  readonly credentials: AccessKeyCredentials;
  readonly endpoints: OpenApiEndpoints;
  readonly fetch?: FetchFn;
  /** Current time, injected for tests. */
  readonly now?: () => Date;
  /** Per-request nonce, injected for tests. */
  readonly nonce?: () => string;
  /** Per-call timeout (default 15 s). */
  readonly timeoutMs?: number;
}

/** One ROA call: a resource path on the MCP host. */
export interface RoaCall {
  readonly action: string;
  readonly version: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
}

/** Signed calls to Alibaba Cloud's management APIs (IMS in RPC style, OpenAPI MCP in ROA style). */
export interface OpenApiClient {
  /** Calls an IMS action with its parameters in the query; resolves the parsed JSON answer. */
  callIms(
    action: string,
    params?: Readonly<Record<string, string>>,
    method?: 'GET' | 'POST',
  ): Promise<unknown>;
  /** Calls a ROA API on the MCP host; resolves the parsed JSON answer. */
  callRoa(call: RoaCall): Promise<unknown>;
}

interface WireCall {
  readonly baseUrl: string;
  readonly action: string;
  readonly version: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
}

/** Creates a client that signs every call with ACS3-HMAC-SHA256. */
export function createOpenApiClient(options: OpenApiClientOptions): OpenApiClient {
  const fetchFn = options.fetch ?? defaultFetch;
  const now = options.now ?? (() => new Date());
  const nonce = options.nonce ?? (() => randomBytes(16).toString('hex'));
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function call(wire: WireCall): Promise<unknown> {
    const base = parseBaseUrl(wire.baseUrl);
    const signed = signRequest(
      {
        method: wire.method,
        host: base.host,
        path: wire.path,
        query: wire.query,
        headers: { 'x-acs-action': wire.action, 'x-acs-version': wire.version },
        body: '',
      },
      options.credentials,
      { date: formatAcsDate(now()), nonce: nonce() },
    );
    // fetch derives `Host` from the URL itself; the signature covers that same value.
    const headers = Object.fromEntries(
      Object.entries(signed.headers).filter(([name]) => name !== 'host'),
    );
    let status: number;
    let text: string;
    try {
      const response = await fetchFn(base.origin + signed.pathAndQuery, {
        method: wire.method,
        headers: { ...headers, accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
      status = response.status;
      text = await readBodyText(response, 4 * 1024 * 1024);
    } catch (error) {
      const reason = isTimeout(error)
        ? `no answer within ${timeoutMs / 1000} s`
        : describeNetworkError(error);
      throw new UserError(
        'cloud-unreachable',
        `Cannot reach Alibaba Cloud at ${base.host} for ${wire.action} (${reason}): check the network, an HTTPS proxy, or the endpoint setting.`,
        { cause: error },
      );
    }
    const body = parseJson(text);
    if (status >= 200 && status < 300 && body !== undefined) {
      const embedded = parseCloudErrorBody(body);
      if (embedded === null || hasPayload(body)) return body;
    }
    const error = parseCloudErrorBody(body);
    if (error !== null) {
      throw new CloudApiError({
        code: error.code,
        apiMessage: error.message,
        requestId: error.requestId,
        status,
        host: base.host,
        action: wire.action,
      });
    }
    throw new UserError(
      'cloud-bad-answer',
      `Alibaba Cloud (${base.host}) answered ${wire.action} with HTTP ${status} and ${body === undefined ? 'a body that is not JSON' : 'an unexpected body'}: check the endpoint setting.`,
    );
  }

  return {
    callIms: (action, params = {}, method = 'POST') =>
      call({
        baseUrl: options.endpoints.imsUrl,
        action,
        version: IMS_API_VERSION,
        method,
        path: '/',
        query: params,
      }),
    callRoa: (roa) =>
      call({
        baseUrl: options.endpoints.mcpUrl,
        action: roa.action,
        version: roa.version,
        method: roa.method,
        path: roa.path,
        query: roa.query ?? {},
      }),
  };
}

function parseBaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError('bad-endpoint', `The API endpoint "${raw.slice(0, 100)}" is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UserError('bad-endpoint', `The API endpoint ${url.origin} must be http(s).`);
  }
  return url;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A 2xx body that carries a result besides a `Code` (some APIs echo `Code: 200`). */
function hasPayload(body: unknown): boolean {
  const record = body as Record<string, unknown>;
  const code = record['Code'] ?? record['code'];
  return code === '200' || code === 'OK' || code === 'Success';
}
