import { join } from 'node:path';
import type { ProcessScope } from '../infra/managed-process';
import type { Upstream } from '../upstream/upstream-handle';
import {
  gateCliFlags,
  launchGate,
  signInGate,
  waitUntilReady,
  type GateProcess,
} from './gate-process';
import type { OAuthServer } from './oauth';

/** The gate every scenario measures, with what starting it taught. */
export interface MainGate {
  readonly gate: GateProcess;
  /** The access token it holds (the last one the OAuth server issued); nginx and direct send the same. */
  readonly token: string;
  /** Spawn → first 200 on /health, per cold start with a stored refresh token. */
  readonly coldStartsMs: readonly number[];
}

/** What starting the main gate needs. */
export interface MainGateInput {
  readonly scope: ProcessScope;
  readonly tmpDir: string;
  readonly oauth: OAuthServer;
  readonly upstream: Upstream;
  readonly cli: string;
  readonly coldStarts: number;
  /** Node flags for the measured instance only (e.g. `--cpu-prof`). */
  readonly nodeFlags: readonly string[];
  /** Name of its config dir under `tmpDir` and of its process (default `gate`). */
  readonly name?: string;
  log(line: string): void;
}

/** The newest access token; throws when none was issued. */
export function latestToken(oauth: OAuthServer): string {
  const token = oauth.issuedAccessTokens.at(-1);
  if (token === undefined) throw new Error('The OAuth server issued no access token.');
  return token;
}

/**
 * Signs `mcp-gate proxy` in through the real OAuth pages (refresh token in a file vault), then
 * restarts it `coldStarts` times to time spawn → /health, and starts the instance to measure.
 */
export async function startMainGate(input: MainGateInput): Promise<MainGate> {
  const name = input.name ?? 'gate';
  const configDir = join(input.tmpDir, name);
  const args = [input.cli, 'proxy', ...gateCliFlags(input.oauth, input.upstream.origin)];
  const first = await launchGate(input.scope, {
    name: `${name} (sign-in)`,
    nodeArgs: args,
    configDir,
  });
  await signInGate(first.gate, input.oauth);
  await first.gate.stop();
  input.log('  signed in through the local OAuth server (refresh token in a file vault)');

  const coldStartsMs: number[] = [];
  for (let i = 0; i < input.coldStarts; i++) {
    const { gate, healthMs } = await launchGate(input.scope, {
      name: `${name} (cold start)`,
      nodeArgs: args,
      configDir,
    });
    coldStartsMs.push(healthMs);
    // let it refresh and store the rotated refresh token before stopping it
    await waitUntilReady(gate);
    await gate.stop();
  }
  input.log(`  cold starts: ${coldStartsMs.map((ms) => `${Math.round(ms)} ms`).join(', ')}`);

  const { gate } = await launchGate(input.scope, {
    name,
    nodeArgs: [...input.nodeFlags, ...args],
    configDir,
  });
  await waitUntilReady(gate);
  const token = latestToken(input.oauth);
  await input.upstream.acceptTokens(input.oauth.issuedAccessTokens);
  return { gate, token, coldStartsMs };
}
