import { fileURLToPath } from 'node:url';
import { forkChild } from '../infra/forked-child';
import type { ProcessScope } from '../infra/managed-process';
import type { FromUpstream, ToUpstream, UpstreamStats } from './upstream-protocol';

/** The running benchmark upstream, as the harness sees it. */
export interface Upstream {
  readonly pid: number;
  readonly port: number;
  readonly origin: string;
  /** Adds access tokens the upstream accepts. */
  acceptTokens(tokens: readonly string[]): Promise<void>;
  stats(): Promise<UpstreamStats>;
  stop(): Promise<void>;
}

/** Starts the upstream in its own process and waits until it listens. */
export async function startUpstream(scope: ProcessScope): Promise<Upstream> {
  const child = forkChild<ToUpstream, FromUpstream>(
    scope,
    'upstream',
    fileURLToPath(new URL('./upstream-server.ts', import.meta.url)),
  );
  const ready = await child.receive(
    (m): m is Extract<FromUpstream, { type: 'ready' }> => m.type === 'ready',
    15_000,
  );
  let nextId = 1;
  return {
    pid: child.pid,
    port: ready.port,
    origin: `http://127.0.0.1:${ready.port}`,
    async acceptTokens(tokens) {
      const answer = child.receive(
        (m): m is Extract<FromUpstream, { type: 'tokens-set' }> => m.type === 'tokens-set',
        5_000,
      );
      child.send({ type: 'tokens', tokens });
      await answer;
    },
    async stats() {
      const id = nextId++;
      const answer = child.receive(
        (m): m is Extract<FromUpstream, { type: 'stats' }> => m.type === 'stats' && m.id === id,
        5_000,
      );
      child.send({ type: 'stats', id });
      return (await answer).stats;
    },
    stop: () => child.stop(),
  };
}
