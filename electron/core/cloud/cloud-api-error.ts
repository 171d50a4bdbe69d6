import { UserError } from '../errors';

/** What Alibaba Cloud said when it refused a management call. */
export interface CloudApiErrorDetails {
  /** Alibaba's error code, e.g. `SignatureDoesNotMatch`. */
  readonly code: string;
  /** Alibaba's message, cleaned of control characters and shortened. */
  readonly apiMessage: string;
  readonly requestId: string | null;
  readonly status: number;
  /** The API host that answered. */
  readonly host: string;
  /** The API action that was called, e.g. `ListApplications`. */
  readonly action: string;
}

const HINTS: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /^SignatureDoesNotMatch$/,
    'the AccessKey secret does not match its id: check ALIBABA_CLOUD_ACCESS_KEY_SECRET or the CLI profile',
  ],
  [
    /^InvalidAccessKeyId/,
    'this AccessKey id is unknown or disabled: create a new AccessKey in the RAM console and use it',
  ],
  [/^(InvalidSecurityToken|SecurityToken)/, 'the STS token is invalid or expired: get a new one'],
  [
    /^(Forbidden|NoPermission|NotAuthorized|NoAuth)/,
    'the AccessKey may not do this: grant the RAM user the needed permission (e.g. AliyunRAMFullAccess for OAuth applications)',
  ],
  [/^(Throttling|ServiceUnavailable)/, 'Alibaba Cloud is busy: try again in a minute'],
];

/** A management API call that Alibaba Cloud answered with an error; `code` is Alibaba's code. */
export class CloudApiError extends UserError {
  readonly apiMessage: string;
  readonly requestId: string | null;
  readonly status: number;
  readonly host: string;
  readonly action: string;
  constructor(details: CloudApiErrorDetails) {
    const hint = HINTS.find(([pattern]) => pattern.test(details.code))?.[1];
    const request = details.requestId === null ? '' : `, RequestId ${details.requestId}`;
    super(
      details.code,
      `Alibaba Cloud (${details.host}) refused ${details.action}: ${details.code}: ${details.apiMessage} (HTTP ${details.status}${request})` +
        (hint === undefined ? '.' : `. Fix: ${hint}.`),
    );
    this.name = 'CloudApiError';
    this.apiMessage = details.apiMessage;
    this.requestId = details.requestId;
    this.status = details.status;
    this.host = details.host;
    this.action = details.action;
  }
}

/** Reads Alibaba's error body (`{Code, Message, RequestId}` or `{code, message, requestId}`); null when it is not one. */
export function parseCloudErrorBody(
  body: unknown,
): { readonly code: string; readonly message: string; readonly requestId: string | null } | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  const code = record['Code'] ?? record['code'];
  if (typeof code !== 'string' || code === '') return null;
  const message = record['Message'] ?? record['message'];
  const requestId = record['RequestId'] ?? record['requestId'];
  return {
    code: clean(code, 100),
    message: typeof message === 'string' ? clean(message, 300) : '',
    requestId: typeof requestId === 'string' ? clean(requestId, 100) : null,
  };
}

function clean(text: string, limit: number): string {
  return text
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .trim()
    .slice(0, limit);
}
