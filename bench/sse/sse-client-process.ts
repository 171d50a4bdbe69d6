/**
 * The SSE client, in its own process so that reading streams never shares an event loop with
 * a proxy or the harness: event throughput, per-event delay (upstream send → here, on the
 * system-wide monotonic clock) and streams aborted mid-way.
 */
import { request, type IncomingMessage } from 'node:http';
import { SseEventSplitter, sendTimeNs } from './sse-events';
import type { FromSseClient, StreamRequest, ToSseClient } from './sse-protocol';

function send(message: FromSseClient): void {
  process.send?.(message);
}

function open(stream: StreamRequest): Promise<{ res: IncomingMessage; destroy: () => void }> {
  return new Promise((resolve, reject) => {
    const req = request(stream.url, {
      agent: false,
      headers: { accept: 'text/event-stream', ...stream.headers },
    });
    req.once('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`${stream.url} answered ${res.statusCode}`));
        return;
      }
      resolve({ res, destroy: () => req.destroy() });
    });
    req.once('error', reject);
    req.end();
  });
}

async function flood(stream: StreamRequest): Promise<{ events: number; ms: number }> {
  const { res } = await open(stream);
  const splitter = new SseEventSplitter();
  let events = 0;
  const started = process.hrtime.bigint();
  res.setEncoding('utf8');
  for await (const chunk of res) events += splitter.push(chunk as string).length;
  return { events, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

async function paced(stream: StreamRequest): Promise<number[]> {
  const { res } = await open(stream);
  const splitter = new SseEventSplitter();
  const delays: number[] = [];
  res.setEncoding('utf8');
  for await (const chunk of res) {
    const now = process.hrtime.bigint();
    for (const event of splitter.push(chunk as string)) {
      const sent = sendTimeNs(event);
      if (sent !== null) delays.push(Number(now - sent) / 1e6);
    }
  }
  return delays;
}

async function abortOnce(stream: StreamRequest): Promise<boolean> {
  const { res, destroy } = await open(stream);
  await new Promise<void>((resolve) => {
    res.once('data', () => resolve());
    res.once('close', () => resolve());
  });
  const closed = new Promise<void>((resolve) => res.once('close', () => resolve()));
  destroy();
  await closed;
  return true;
}

async function aborts(
  stream: StreamRequest,
  count: number,
  concurrency: number,
): Promise<{ aborted: number; failed: number }> {
  let started = 0;
  let aborted = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    while (started < count) {
      started++;
      try {
        if (await abortOnce(stream)) aborted++;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { aborted, failed };
}

async function handle(message: ToSseClient): Promise<FromSseClient> {
  if (message.type === 'flood') return { type: 'flood', id: message.id, ...(await flood(message)) };
  if (message.type === 'paced')
    return { type: 'paced', id: message.id, delaysMs: await paced(message) };
  return {
    type: 'aborts',
    id: message.id,
    ...(await aborts(message, message.count, message.concurrency)),
  };
}

process.on('message', (message: ToSseClient) => {
  handle(message).then(send, (error: unknown) =>
    send({
      type: 'error',
      id: message.id,
      message: error instanceof Error ? error.message : String(error),
    }),
  );
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
