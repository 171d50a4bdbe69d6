import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { Connection, type ConnectionOwner, type ConnectionSettings } from './connection';
import { Exchange } from './exchange';
import { parseOrigin, type OriginTarget } from './origin';
import { serializeRequestHead } from './request-head';
import { UpstreamAbortError, UpstreamError } from './upstream-error';
import type {
  UpstreamClient,
  UpstreamClientOptions,
  UpstreamRequest,
  UpstreamResponse,
} from './upstream-types';

const DEFAULT_MAX_SOCKETS = 128;
const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 4000;

/** Creates a keep-alive HTTP/1.1 client for one origin (throws a TypeError for a bad origin). */
export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  return new UpstreamPool(options);
}

/**
 * The pool: reuses idle connections last-in first-out, opens at most `maxSockets`, and
 * queues further requests first-in first-out.
 */
class UpstreamPool implements UpstreamClient, ConnectionOwner {
  private readonly options: UpstreamClientOptions;
  private readonly target: OriginTarget;
  private readonly settings: ConnectionSettings;
  private readonly maxSockets: number;
  private readonly connections = new Set<Connection>();
  private readonly idle: Connection[] = [];
  private readonly queue: Exchange[] = [];
  private readonly drainWaiters: (() => void)[] = [];
  private state: 'open' | 'closing' | 'destroyed' = 'open';
  private tlsSession: Buffer | undefined;

  constructor(options: UpstreamClientOptions) {
    this.options = options;
    this.target = parseOrigin(options.origin);
    this.maxSockets = Math.max(1, options.maxSockets ?? DEFAULT_MAX_SOCKETS);
    this.settings = {
      origin: this.target.origin,
      connectTimeoutMs: options.connectTimeoutMs,
      headersTimeoutMs: options.headersTimeoutMs,
      keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
    };
  }

  request(req: UpstreamRequest): Promise<UpstreamResponse> {
    if (this.state === 'closing') return Promise.reject(closedError());
    if (this.state === 'destroyed') return Promise.reject(destroyedError());
    if (req.signal?.aborted === true) return Promise.reject(new UpstreamAbortError(req.signal));
    let exchange: Exchange;
    try {
      exchange = new Exchange(req, serializeRequestHead(req, this.target.hostField));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    this.dispatch(exchange);
    return exchange.promise;
  }

  close(): Promise<void> {
    if (this.state === 'open') this.state = 'closing';
    for (const connection of this.idle.splice(0)) connection.socket.destroy();
    return this.drained();
  }

  destroy(): Promise<void> {
    this.state = 'destroyed';
    const error = destroyedError();
    for (const exchange of this.queue.splice(0)) exchange.fail(error);
    for (const connection of this.connections) connection.fail(error);
    return this.drained();
  }

  released(connection: Connection): void {
    const next = this.nextQueued();
    if (next !== undefined) {
      connection.assign(next);
    } else if (this.state === 'open') {
      connection.park();
      this.idle.push(connection);
    } else {
      connection.socket.destroy();
    }
  }

  closed(connection: Connection, retry: Exchange | null): void {
    this.connections.delete(connection);
    const index = this.idle.lastIndexOf(connection);
    if (index !== -1) this.idle.splice(index, 1);
    if (retry !== null) {
      if (this.state === 'destroyed') retry.fail(destroyedError());
      else this.connect(retry);
    } else if (this.connections.size < this.maxSockets) {
      const next = this.nextQueued();
      if (next !== undefined) this.connect(next);
    }
    if (this.connections.size === 0) {
      this.queue.length = 0; // only settled (aborted) exchanges can be left
      for (const resolve of this.drainWaiters.splice(0)) resolve();
    }
  }

  private dispatch(exchange: Exchange): void {
    for (let idle = this.idle.pop(); idle !== undefined; idle = this.idle.pop()) {
      if (idle.usable) {
        idle.assign(exchange);
        return;
      }
      idle.socket.destroy();
    }
    if (this.connections.size < this.maxSockets) this.connect(exchange);
    else this.queue.push(exchange);
  }

  private connect(exchange: Exchange): void {
    const { secure, host, port } = this.target;
    const socket = secure ? this.connectTls() : netConnect({ host, port });
    this.connections.add(new Connection(socket, secure, this, this.settings, exchange));
  }

  private connectTls(): Socket {
    const { host, port, servername } = this.target;
    const socket = tlsConnect({
      host,
      port,
      ...(servername === null ? {} : { servername }),
      ALPNProtocols: ['http/1.1'],
      ...(this.tlsSession === undefined ? {} : { session: this.tlsSession }),
      ...this.options.tls,
    });
    socket.on('session', (session: Buffer) => {
      this.tlsSession = session;
    });
    return socket;
  }

  private nextQueued(): Exchange | undefined {
    for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) {
      if (next.pending) return next;
    }
    return undefined;
  }

  private drained(): Promise<void> {
    if (this.connections.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }
}

function closedError(): UpstreamError {
  return new UpstreamError('UND_ERR_CLOSED', 'the upstream client is closed');
}

function destroyedError(): UpstreamError {
  return new UpstreamError('UND_ERR_DESTROYED', 'the upstream client was destroyed');
}
