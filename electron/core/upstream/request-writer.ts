import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { RequestHead } from './request-head';
import { UpstreamError } from './upstream-error';

/** What a request writer tells its connection. */
export interface RequestWriterEvents {
  /** Every byte of the request has been handed to the socket. */
  onRequestWritten(): void;
  /** A streamed body failed (its own error, or a length unlike its content-length). */
  onRequestError(error: Error): void;
}

/** Head and body under this size go out as one buffer (one copy, one syscall). */
const JOIN_LIMIT = 16 * 1024;

/** Writes requests to one socket; a Readable body is streamed with backpressure. */
export class RequestWriter {
  private readonly socket: Socket;
  private readonly events: RequestWriterEvents;
  private source: Readable | null = null;
  private chunked = false;
  private declared = -1;
  private sent = 0;

  constructor(socket: Socket, events: RequestWriterEvents) {
    this.socket = socket;
    this.events = events;
    socket.on('drain', this.onDrain);
  }

  /** Writes the head and the body (or starts streaming it). */
  write(head: RequestHead, body: Buffer | Readable | null): void {
    const socket = this.socket;
    if (body === null) {
      socket.write(head.text, 'latin1');
    } else if (Buffer.isBuffer(body)) {
      if (body.length === 0) {
        socket.write(head.text, 'latin1');
      } else if (body.length <= JOIN_LIMIT) {
        const joined = Buffer.allocUnsafe(head.text.length + body.length);
        joined.write(head.text, 0, 'latin1');
        body.copy(joined, head.text.length);
        socket.write(joined);
      } else {
        socket.cork();
        socket.write(head.text, 'latin1');
        socket.write(body);
        socket.uncork();
      }
    } else {
      socket.write(head.text, 'latin1');
      this.stream(head, body);
      return;
    }
    this.events.onRequestWritten();
  }

  /** Stops streaming the current body (the request is over). */
  stop(): void {
    const source = this.source;
    if (source === null) return;
    this.source = null;
    source.off('data', this.onData);
    source.off('end', this.onEnd);
    source.off('error', this.onError);
    source.off('close', this.onClose);
  }

  private stream(head: RequestHead, body: Readable): void {
    this.source = body;
    this.chunked = head.chunked;
    this.declared = head.length;
    this.sent = 0;
    if (body.destroyed || body.readableEnded) {
      this.onError(new Error('the request body stream was already consumed or destroyed'));
      return;
    }
    body.on('data', this.onData);
    body.on('end', this.onEnd);
    body.on('error', this.onError);
    body.on('close', this.onClose);
    body.resume();
  }

  private readonly onData = (chunk: Buffer | string): void => {
    const size = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (size === 0) return;
    this.sent += size;
    if (this.declared >= 0 && this.sent > this.declared) {
      this.onError(mismatch(`is longer than its content-length ${this.declared}`));
      return;
    }
    const socket = this.socket;
    let ok: boolean;
    if (this.chunked) {
      socket.cork();
      socket.write(`${size.toString(16)}\r\n`, 'latin1');
      socket.write(chunk);
      ok = socket.write('\r\n', 'latin1');
      socket.uncork();
    } else {
      ok = socket.write(chunk);
    }
    if (!ok) this.source?.pause();
  };

  private readonly onEnd = (): void => {
    if (this.declared >= 0 && this.sent !== this.declared) {
      this.onError(mismatch(`has ${this.sent} bytes, not its content-length ${this.declared}`));
      return;
    }
    if (this.chunked) this.socket.write('0\r\n\r\n', 'latin1');
    this.stop();
    this.events.onRequestWritten();
  };

  private readonly onError = (error: Error): void => {
    this.stop();
    this.events.onRequestError(error);
  };

  private readonly onClose = (): void => {
    this.onError(new Error('the request body stream closed before its end'));
  };

  private readonly onDrain = (): void => {
    this.source?.resume();
  };
}

function mismatch(what: string): UpstreamError {
  return new UpstreamError(
    'UPSTREAM_INVALID_REQUEST',
    `Invalid upstream request: the body ${what}.`,
  );
}
