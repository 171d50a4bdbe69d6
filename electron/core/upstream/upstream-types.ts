import type { ConnectionOptions } from 'node:tls';
import type { Readable } from 'node:stream';
import type { UpstreamBody } from './upstream-body';

/** One request to the client's origin. */
export interface UpstreamRequest {
  readonly method: string;
  /** Origin-form, e.g. `/accounts/1/custom/x/id/y/mcp?a=b`. */
  readonly path: string;
  /** Lower-case names; `host`, `connection` and the body framing fields are set by the client. */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  /** A Buffer goes out with `content-length`; a Readable with the given `content-length`, else chunked. */
  readonly body: Buffer | Readable | null;
  readonly signal?: AbortSignal;
}

/** The final answer's head, with its body still streaming. */
export interface UpstreamResponse {
  readonly statusCode: number;
  /** Lower-case names; a repeated field becomes an array (e.g. `set-cookie`). */
  readonly headers: Record<string, string | string[]>;
  readonly body: UpstreamBody;
}

/** How the client reaches its one origin. */
export interface UpstreamClientOptions {
  /** `http://host:port` or `https://host:port`, no path. */
  readonly origin: string;
  /** From the start of the connection to its TLS handshake done; 0 = no limit. */
  readonly connectTimeoutMs: number;
  /** From the request fully written to the answer's head complete; 0 = no limit. */
  readonly headersTimeoutMs: number;
  /** Connections open at once (default 128); further requests wait in order. */
  readonly maxSockets?: number;
  /** Idle connection lifetime (default 4000); an upstream `Keep-Alive: timeout=N` lowers it to N s − 1 s. */
  readonly keepAliveTimeoutMs?: number;
  /** Extra TLS options (e.g. `ca`); `servername` and ALPN `http/1.1` are set by the client. */
  readonly tls?: ConnectionOptions;
}

/** A keep-alive HTTP/1.1 client for one origin. */
export interface UpstreamClient {
  /** Sends the request; resolves at the final answer's head (status >= 200). */
  request(req: UpstreamRequest): Promise<UpstreamResponse>;
  /** Stops taking requests, lets accepted ones finish, closes idle connections. */
  close(): Promise<void>;
  /** Closes every connection now; pending requests and bodies fail. */
  destroy(): Promise<void>;
}
