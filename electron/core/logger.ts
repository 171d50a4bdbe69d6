import { pino, type Logger, type DestinationStream, type Level } from 'pino';

export type { Logger } from 'pino';

/** Field names whose values never reach a log line, wherever they appear. */
export const REDACTED_PATHS: readonly string[] = [
  'token',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'code',
  'code_verifier',
  'verifier',
  'state',
  'key',
  'clientKey',
  'authorization',
  'cookie',
  'body',
  'secret',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.code',
  '*.state',
  '*.key',
  '*.clientKey',
  '*.authorization',
  '*.cookie',
  '*.body',
  '*.secret',
  'headers.authorization',
  'headers.cookie',
  'headers["x-mcp-gate-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-mcp-gate-key"]',
];

/** Creates the structured logger; secrets are redacted by field name. */
export function createLogger(
  options: { readonly level?: Level | 'silent'; readonly destination?: DestinationStream } = {},
): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { app: 'mcp-gate' },
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    },
    options.destination ?? pino.destination({ fd: 2, sync: false }),
  );
}
