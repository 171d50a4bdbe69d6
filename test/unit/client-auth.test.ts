import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { ClientId } from '../../shared/clients';
import {
  createClientAuthenticator,
  type ClientKeyRequirement,
} from '../../electron/core/client-auth';
import { createLogger } from '../../electron/core/logger';

const KEYS: ReadonlyMap<ClientId, string> = new Map([
  ['cursor', 'key-cursor-0123456789'],
  ['vscode', 'key-vscode-0123456789'],
]);

function request(key?: string): IncomingMessage {
  return { headers: key === undefined ? {} : { 'x-mcp-gate-key': key } } as IncomingMessage;
}

function authenticator(requirement: ClientKeyRequirement, keys: ReadonlyMap<ClientId, string>) {
  let now = 0;
  let current = keys;
  let reads = 0;
  const auth = createClientAuthenticator({
    loadKeys: () => {
      reads++;
      return Promise.resolve(current);
    },
    requirement,
    logger: createLogger({ level: 'silent' }),
    clock: { now: () => now },
    reloadIntervalMs: 1000,
  });
  return {
    auth,
    advance: (ms: number) => void (now += ms),
    setKeys: (next: ReadonlyMap<ClientId, string>) => void (current = next),
    reads: () => reads,
  };
}

describe('client authenticator', () => {
  it.each([
    // requirement, keys configured, presented key, expected
    ['when-configured', KEYS, 'key-cursor-0123456789', 'cursor'],
    ['when-configured', KEYS, undefined, 'refused: requires'],
    ['when-configured', KEYS, 'key-cursor-012345678', 'refused: not one this proxy issued'],
    ['when-configured', new Map(), undefined, 'anonymous'],
    ['when-configured', new Map(), 'whatever', 'anonymous'],
    ['always', new Map(), undefined, 'refused: requires'],
    ['never', KEYS, undefined, 'anonymous'],
    ['never', KEYS, 'key-vscode-0123456789', 'vscode'],
  ] as const)(
    '%s with %o keys, presented %s → %s',
    async (requirement, keys, presented, expected) => {
      const { auth } = authenticator(requirement, keys);
      const result = await auth(request(presented));
      const got = result.ok ? (result.client ?? 'anonymous') : `refused: ${result.message}`;
      if (expected.startsWith('refused: ')) {
        expect(got).toContain(expected.slice('refused: '.length));
        expect(got).toContain('mcp-gate clients configure');
      } else {
        expect(got).toBe(expected);
      }
    },
  );

  it('reads the store at most once per interval, and honours a revoked key after it', async () => {
    const t = authenticator('when-configured', KEYS);
    for (let i = 0; i < 5; i++)
      expect(await t.auth(request('key-cursor-0123456789'))).toEqual({
        ok: true,
        client: 'cursor',
      });
    expect(t.reads()).toBe(1);
    t.setKeys(new Map([['vscode', 'key-vscode-0123456789']]));
    expect((await t.auth(request('key-cursor-0123456789'))).ok).toBe(true);
    t.advance(1000);
    expect((await t.auth(request('key-cursor-0123456789'))).ok).toBe(false);
    expect(t.reads()).toBe(2);
  });
});
