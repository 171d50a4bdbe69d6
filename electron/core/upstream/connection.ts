import type { Socket } from 'node:net';
import type { Exchange } from './exchange';
import { RequestWriter, type RequestWriterEvents } from './request-writer';
import {
  keepAliveTimeoutSeconds,
  ResponseParser,
  type ResponseEvents,
  type ResponseHead,
} from './response-parser';
import { UpstreamBody, type BodySource } from './upstream-body';
import { CLOSED_EARLY, UpstreamError } from './upstream-error';

/** What a connection tells its pool. */
export interface ConnectionOwner {
  /** The connection finished an exchange cleanly and can carry another. */
  released(connection: Connection): void;
  /** The socket has closed; `retry` is an exchange to send again on a new connection. */
  closed(connection: Connection, retry: Exchange | null): void;
}

/** The pool's settings a connection needs. */
export interface ConnectionSettings {
  readonly origin: string;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
}

/** TCP keep-alive probes start after this much silence. */
const TCP_KEEP_ALIVE_MS = 60_000;

/**
 * One socket to the origin, carrying one exchange at a time: writes the request, parses the
 * answer into an `UpstreamBody`, and goes back to its owner only when the request was fully
 * written, the answer fully read and neither side asked to close.
 */
export class Connection implements ResponseEvents, RequestWriterEvents, BodySource {
  readonly socket: Socket;
  private readonly owner: ConnectionOwner;
  private readonly settings: ConnectionSettings;
  private readonly parser: ResponseParser;
  private readonly writer: RequestWriter;
  private exchange: Exchange | null = null;
  private body: UpstreamBody | null = null;
  private connected = false;
  /** Exchanges completed on this socket: above 0 it is a reused keep-alive connection. */
  private served = 0;
  private gotBytes = false;
  private requestWritten = false;
  private responseDone = false;
  private keepAlive = false;
  private idleMs: number;
  private error: Error | null = null;
  /** The connect, headers or idle timer (one phase at a time). */
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    socket: Socket,
    secure: boolean,
    owner: ConnectionOwner,
    settings: ConnectionSettings,
    first: Exchange,
  ) {
    this.socket = socket;
    this.owner = owner;
    this.settings = settings;
    this.idleMs = settings.keepAliveTimeoutMs;
    this.parser = new ResponseParser(this);
    this.writer = new RequestWriter(socket, this);
    socket.once(secure ? 'secureConnect' : 'connect', this.onConnect);
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
    if (settings.connectTimeoutMs > 0) {
      this.timer = setTimeout(this.onConnectTimeout, settings.connectTimeoutMs);
    }
    this.bind(first);
  }

  /** Whether an idle connection can still carry a request. */
  get usable(): boolean {
    const socket = this.socket;
    return !socket.destroyed && socket.writable && !socket.readableEnded;
  }

  /** Sends an exchange on this idle connection. */
  assign(exchange: Exchange): void {
    clearTimeout(this.timer);
    this.socket.ref();
    this.bind(exchange);
    this.send();
  }

  /** Parks the connection idle until its keep-alive lifetime ends. */
  park(): void {
    this.socket.unref();
    this.socket.resume();
    this.timer = setTimeout(this.onIdleTimeout, this.idleMs);
    this.timer.unref();
  }

  /** Fails the current exchange (rejecting it, or erroring its body) and destroys the socket. */
  fail(error: Error): void {
    const exchange = this.exchange;
    const body = this.body;
    this.detach();
    this.socket.destroy();
    exchange?.fail(error);
    body?.fail(error);
  }

  onHead(head: ResponseHead): void {
    const exchange = this.exchange;
    if (exchange === null) return;
    clearTimeout(this.timer);
    const seconds = keepAliveTimeoutSeconds(head.headers['keep-alive']);
    const limit = this.settings.keepAliveTimeoutMs;
    this.idleMs = seconds === null ? limit : Math.min(limit, seconds * 1000 - 1000);
    this.keepAlive = head.keepAlive && this.idleMs > 0;
    this.body = new UpstreamBody(this);
    exchange.respond({ statusCode: head.statusCode, headers: head.headers, body: this.body });
  }

  onBody(chunk: Buffer): void {
    if (this.body !== null && !this.body.push(chunk)) this.socket.pause();
  }

  onEnd(): void {
    if (this.exchange === null) return;
    this.responseDone = true;
    this.body?.complete();
    this.body = null;
  }

  onRequestWritten(): void {
    if (this.exchange === null) return;
    this.requestWritten = true;
    if (this.body === null && !this.responseDone && this.settings.headersTimeoutMs > 0) {
      this.timer = setTimeout(this.onHeadersTimeout, this.settings.headersTimeoutMs);
    }
  }

  onRequestError(error: Error): void {
    this.fail(error);
  }

  resume(): void {
    if (this.body !== null) this.socket.resume();
  }

  abandon(body: UpstreamBody): void {
    if (body !== this.body) return;
    const exchange = this.exchange;
    this.detach();
    this.socket.destroy();
    exchange?.finish();
  }

  remainingBytes(): number {
    return this.parser.remainingBytes();
  }

  private bind(exchange: Exchange): void {
    this.exchange = exchange;
    exchange.connection = this;
    this.gotBytes = false;
    this.requestWritten = false;
    this.responseDone = false;
    this.keepAlive = false;
  }

  private detach(): void {
    clearTimeout(this.timer);
    this.writer.stop();
    if (this.exchange !== null) this.exchange.connection = null;
    this.exchange = null;
    this.body = null;
  }

  private send(): void {
    const exchange = this.exchange;
    if (exchange === null) return;
    this.parser.start(exchange.request.method);
    this.writer.write(exchange.head, exchange.request.body);
  }

  /** Ends the exchange whose answer has been read; keeps the socket only if it is clean. */
  private complete(clean: boolean): void {
    const exchange = this.exchange;
    const reusable = clean && this.requestWritten && this.keepAlive;
    this.detach();
    exchange?.finish();
    if (reusable) {
      this.served++;
      this.owner.released(this);
    } else {
      this.socket.destroy();
    }
  }

  private readonly onConnect = (): void => {
    clearTimeout(this.timer);
    this.connected = true;
    this.socket.setNoDelay(true);
    this.socket.setKeepAlive(true, TCP_KEEP_ALIVE_MS);
    this.send();
  };

  private readonly onData = (chunk: Buffer): void => {
    const exchange = this.exchange;
    if (exchange === null) {
      // bytes on an idle connection (e.g. an unsolicited 408): it cannot be trusted any more
      this.socket.destroy();
      return;
    }
    this.gotBytes = true;
    let used: number;
    try {
      used = this.parser.execute(chunk);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    // bytes after the end of the answer mean the two sides disagree on framing
    if (this.exchange === exchange && this.responseDone) this.complete(used === chunk.length);
  };

  private readonly onError = (error: Error): void => {
    this.error ??= error;
  };

  private readonly onClose = (): void => {
    clearTimeout(this.timer);
    let retry: Exchange | null = null;
    const exchange = this.exchange;
    if (exchange !== null && this.body !== null) {
      if (this.error === null) {
        try {
          this.parser.finish();
        } catch {
          // the answer was cut short: failed below
        }
      }
      if (this.responseDone) this.complete(false);
      else this.fail(new UpstreamError('UPSTREAM_CLOSED', CLOSED_EARLY, { cause: this.error }));
    } else if (
      exchange !== null &&
      this.served > 0 &&
      !this.gotBytes &&
      exchange.replayable &&
      !exchange.retried
    ) {
      // The stale keep-alive race: the upstream closed this idle connection just as we sent
      // on it, so it never read the request. Sending the request again on a new connection
      // is safe when its body is still in memory, once, and only if no answer byte came.
      this.detach();
      exchange.retried = true;
      retry = exchange;
    } else if (exchange !== null) {
      this.fail(this.error ?? closedBeforeAnswer(this.gotBytes, this.connected));
    }
    this.owner.closed(this, retry);
  };

  private readonly onConnectTimeout = (): void => {
    this.fail(
      new UpstreamError(
        'UND_ERR_CONNECT_TIMEOUT',
        `could not connect to ${this.settings.origin} within ${this.settings.connectTimeoutMs} ms`,
      ),
    );
  };

  private readonly onHeadersTimeout = (): void => {
    this.fail(
      new UpstreamError(
        'UND_ERR_HEADERS_TIMEOUT',
        `${this.settings.origin} sent no response headers within ${this.settings.headersTimeoutMs} ms`,
      ),
    );
  };

  private readonly onIdleTimeout = (): void => {
    if (this.exchange === null) this.socket.destroy();
  };
}

function closedBeforeAnswer(gotBytes: boolean, connected: boolean): UpstreamError {
  if (gotBytes) return new UpstreamError('UPSTREAM_CLOSED', CLOSED_EARLY);
  return new UpstreamError(
    'UPSTREAM_CLOSED',
    connected
      ? 'the upstream closed the connection before answering'
      : 'the upstream closed the connection while it was being set up',
  );
}
