import { fileURLToPath } from 'node:url';
import { forkChild } from '../infra/forked-child';
import type { ProcessScope } from '../infra/managed-process';
import type { FromSseClient, StreamRequest, ToSseClient } from './sse-protocol';

/** The SSE client process, as the harness drives it. */
export interface SseClient {
  /** Reads a stream of `events` events as fast as it comes; events and milliseconds. */
  flood(stream: StreamRequest, events: number): Promise<{ events: number; ms: number }>;
  /** Reads a paced stream; the delay of each event in milliseconds. */
  paced(stream: StreamRequest): Promise<readonly number[]>;
  /** Opens `count` streams, each dropped after its first bytes, `concurrency` at a time. */
  aborts(
    stream: StreamRequest,
    count: number,
    concurrency: number,
  ): Promise<{ aborted: number; failed: number }>;
}

const TIMEOUT_MS = 120_000;

/** Starts the SSE client process. */
export async function startSseClient(scope: ProcessScope): Promise<SseClient> {
  const child = forkChild<ToSseClient, FromSseClient>(
    scope,
    'SSE client',
    fileURLToPath(new URL('./sse-client-process.ts', import.meta.url)),
  );
  await child.receive((m): m is FromSseClient => m.type === 'ready', 15_000);
  let nextId = 1;

  async function ask(message: (id: number) => ToSseClient): Promise<FromSseClient> {
    const id = nextId++;
    const answer = child.receive(
      (m): m is FromSseClient => m.type !== 'ready' && m.id === id,
      TIMEOUT_MS,
    );
    child.send(message(id));
    const result = await answer;
    if (result.type === 'error') throw new Error(`SSE client: ${result.message}`);
    return result;
  }

  function unexpected(result: FromSseClient): Error {
    return new Error(`SSE client: unexpected answer ${result.type}`);
  }

  return {
    async flood(stream, events) {
      const r = await ask((id) => ({ type: 'flood', id, events, ...stream }));
      if (r.type !== 'flood') throw unexpected(r);
      return { events: r.events, ms: r.ms };
    },
    async paced(stream) {
      const r = await ask((id) => ({ type: 'paced', id, ...stream }));
      if (r.type !== 'paced') throw unexpected(r);
      return r.delaysMs;
    },
    async aborts(stream, count, concurrency) {
      const r = await ask((id) => ({ type: 'aborts', id, count, concurrency, ...stream }));
      if (r.type !== 'aborts') throw unexpected(r);
      return { aborted: r.aborted, failed: r.failed };
    },
  };
}
