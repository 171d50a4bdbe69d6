import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { clientFor, onRequests, readAll, rejection, startRaw, until } from './upstream-harness';

const GET = { method: 'GET', path: '/', headers: {}, body: null } as const;
const CLOSED_EARLY = 'the upstream closed the connection before the end of the answer';

/** A raw server that writes `answer` to every request, then optionally ends the socket. */
function answering(answer: string, end = false) {
  return startRaw((socket) =>
    onRequests(socket, () => {
      socket.write(answer, 'latin1');
      if (end) socket.end();
    }),
  );
}

describe('upstream client: malformed answers', () => {
  it.each([
    [
      'a status line that is not HTTP/1.x',
      'HTTP/2.0 200 OK\r\n\r\n',
      /invalid status line "HTTP\/2.0 200 OK"/,
    ],
    ['a garbage answer', 'hello there\r\n\r\n', /invalid status line "hello there"/],
    [
      'differing content-length values',
      'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd',
      /several differing content-length values/,
    ],
    [
      'a content-length that is not a number',
      'HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n',
      /content-length "ten" is not a number/,
    ],
    [
      'a head larger than 64 KiB',
      `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(70 * 1024)}\r\n\r\n`,
      /response head larger than 64 KiB/,
    ],
    [
      'a field line without a colon',
      'HTTP/1.1 200 OK\r\nbroken\r\n\r\n',
      /invalid header field line "broken"/,
    ],
  ])('rejects %s with UPSTREAM_BAD_RESPONSE', async (_name, answer, message) => {
    const server = await answering(answer);
    const error = await rejection(clientFor(server.origin).request(GET));
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(error.message).toMatch(/^malformed upstream answer: /);
    expect(error.message).toMatch(message);
  });

  it('errors the body with UPSTREAM_BAD_RESPONSE on an invalid chunk', async () => {
    const server = await answering(
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nxyz\r\n',
    );
    const response = await clientFor(server.origin).request(GET);
    const error = await rejection(readAll(response.body));
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(error.message).toBe('malformed upstream answer: invalid chunk size');
  });

  it('errors the body with UPSTREAM_CLOSED when the upstream closes inside a content-length body', async () => {
    const server = await answering('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf', true);
    const response = await clientFor(server.origin).request(GET);
    const chunks: string[] = [];
    response.body.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const error = await rejection(readAll(response.body));
    expect(error).toMatchObject({ code: 'UPSTREAM_CLOSED', message: CLOSED_EARLY });
    expect(chunks.join('')).toBe('half');
  });

  it('errors the body with UPSTREAM_CLOSED when the upstream closes inside a chunked body', async () => {
    const server = await answering(
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nhalf\r\n',
      true,
    );
    const response = await clientFor(server.origin).request(GET);
    expect(await rejection(readAll(response.body))).toMatchObject({
      code: 'UPSTREAM_CLOSED',
      message: CLOSED_EARLY,
    });
  });

  it('rejects with UPSTREAM_CLOSED when the upstream closes in the middle of the head', async () => {
    const server = await answering('HTTP/1.1 200 OK\r\nContent-Le', true);
    expect(await rejection(clientFor(server.origin).request(GET))).toMatchObject({
      code: 'UPSTREAM_CLOSED',
      message: CLOSED_EARLY,
    });
  });

  it('reads a body without framing until the close, then opens a new connection', async () => {
    const server = await answering(
      'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it',
      true,
    );
    const client = clientFor(server.origin);
    for (let i = 0; i < 2; i++) {
      const response = await client.request(GET);
      expect((await readAll(response.body)).toString()).toBe('all of it');
    }
    expect(server.sockets).toHaveLength(2);
  });

  it('prefers chunked over content-length and does not reuse that connection', async () => {
    const server = await answering(
      'HTTP/1.1 200 OK\r\nContent-Length: 50\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n',
    );
    const client = clientFor(server.origin);
    for (let i = 0; i < 2; i++) {
      expect((await readAll((await client.request(GET)).body)).toString()).toBe('ok');
    }
    expect(server.sockets).toHaveLength(2);
  });

  it('skips 100 Continue and reads the final answer', async () => {
    const server = await answering(
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone',
    );
    const response = await clientFor(server.origin).request({
      method: 'POST',
      path: '/',
      headers: {},
      body: Buffer.from('x'),
    });
    expect(response.statusCode).toBe(200);
    expect((await readAll(response.body)).toString()).toBe('done');
  });

  it('accepts an HTTP/1.0 answer without a reason phrase and does not reuse its connection', async () => {
    const server = await answering('HTTP/1.0 200\r\nContent-Length: 2\r\n\r\nok');
    const client = clientFor(server.origin);
    for (let i = 0; i < 2; i++) {
      const response = await client.request(GET);
      expect(response.statusCode).toBe(200);
      expect((await readAll(response.body)).toString()).toBe('ok');
    }
    expect(server.sockets).toHaveLength(2);
  });

  it('does not reuse a connection that sent bytes after the end of an answer', async () => {
    const server = await answering('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokJUNK');
    const client = clientFor(server.origin);
    for (let i = 0; i < 2; i++) {
      expect((await readAll((await client.request(GET)).body)).toString()).toBe('ok');
    }
    expect(server.sockets).toHaveLength(2);
  });

  it('drops an idle connection that sends bytes unasked', async () => {
    const server = await startRaw((socket) =>
      onRequests(socket, () => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
        setTimeout(() => socket.write('HTTP/1.1 408 Request Timeout\r\n\r\n'), 20);
      }),
    );
    const client = clientFor(server.origin);
    await readAll((await client.request(GET)).body);
    await until(() => server.open() === 0);
    expect((await readAll((await client.request(GET)).body)).toString()).toBe('ok');
    expect(server.sockets).toHaveLength(2);
  });
});

describe('upstream client: stale keep-alive connections', () => {
  /**
   * A raw server whose first connection answers its first request, then drops the
   * connection when the second arrives (`partial` first writes part of an answer);
   * later connections answer every request.
   */
  function droppingSecond(partial = '') {
    const seen: string[] = [];
    const started = startRaw((socket, index) =>
      onRequests(socket, (head, n) => {
        seen.push(`${index}:${head.split(' ')[1] ?? ''}`);
        if (index === 0 && n === 1) {
          if (partial !== '') socket.write(partial);
          socket.destroy();
          return;
        }
        socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${n + 1}\r\n\r\n${'x'.repeat(n + 1)}`);
      }),
    );
    return { started, seen };
  }

  it('sends a request again on a new connection when a reused one closes before answering', async () => {
    const { started, seen } = droppingSecond();
    const server = await started;
    const client = clientFor(server.origin);
    await readAll((await client.request({ ...GET, path: '/first' })).body);
    const response = await client.request({
      method: 'POST',
      path: '/second',
      headers: {},
      body: Buffer.from('{"jsonrpc":"2.0"}'),
    });
    expect(response.statusCode).toBe(200);
    expect((await readAll(response.body)).toString()).toBe('x');
    expect(seen).toEqual(['0:/first', '0:/second', '1:/second']);
  });

  it('does not send a streamed body again', async () => {
    const { started, seen } = droppingSecond();
    const server = await started;
    const client = clientFor(server.origin);
    await readAll((await client.request({ ...GET, path: '/first' })).body);
    const error = await rejection(
      client.request({
        method: 'POST',
        path: '/second',
        headers: {},
        body: Readable.from([Buffer.from('streamed')]),
      }),
    );
    expect(error.code ?? (error.cause as { code?: string }).code).toMatch(
      /^(UPSTREAM_CLOSED|ECONNRESET|EPIPE)$/,
    );
    await until(() => server.open() === 0);
    expect(seen).toEqual(['0:/first', '0:/second']);
  });

  it('does not send a request again once answer bytes arrived', async () => {
    const { started, seen } = droppingSecond('HTTP/1.1 200 OK\r\n');
    const server = await started;
    const client = clientFor(server.origin);
    await readAll((await client.request({ ...GET, path: '/first' })).body);
    const error = await rejection(client.request({ ...GET, path: '/second' }));
    expect(error.code).toBe('UPSTREAM_CLOSED');
    expect(seen).toEqual(['0:/first', '0:/second']);
  });

  it('does not send a request again when a new connection closes before answering', async () => {
    const server = await startRaw((socket) => onRequests(socket, () => socket.destroy()));
    const error = await rejection(clientFor(server.origin).request(GET));
    expect(error.code ?? (error.cause as { code?: string }).code).toMatch(
      /^(UPSTREAM_CLOSED|ECONNRESET)$/,
    );
    expect(server.sockets).toHaveLength(1);
  });
});
