import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { ProcessScope } from '../infra/managed-process';
import { guardPlanFromHelp, type GuardPlan } from '../lib/guard-plan';
import type { LoadTarget } from '../scenarios/bench-context';
import type { GuardTargets } from '../scenarios/http-scenarios';
import type { Upstream } from '../upstream/upstream-handle';
import { buildCoreRunner, coreRunnerArgs, switchActivity } from './core-runner';
import { launchGate, signInGate, type GateProcess } from './gate-process';
import type { OAuthServer } from './oauth';

/** Reads `mcp-gate proxy --help` to decide how inspection cost can be measured with this build. */
export function guardPlanFor(cli: string): GuardPlan {
  const help = spawnSync(process.execPath, [cli, 'proxy', '--help'], { encoding: 'utf8' });
  return guardPlanFromHelp(`${help.stdout ?? ''}`);
}

/** What starting the guard-on gates needs. */
export interface GuardGatesInput {
  readonly scope: ProcessScope;
  readonly tmpDir: string;
  readonly oauth: OAuthServer;
  readonly upstream: Upstream;
}

/** The guard-on targets and the processes started for them (stop them after the scenario). */
export interface GuardGates {
  readonly targets: GuardTargets;
  readonly started: readonly GateProcess[];
}

async function signedInGate(
  input: GuardGatesInput,
  name: string,
  nodeArgs: readonly string[],
  ipc: boolean,
): Promise<GateProcess> {
  const { gate } = await launchGate(input.scope, {
    name,
    nodeArgs,
    configDir: join(input.tmpDir, name),
    ipc,
  });
  await signInGate(gate, input.oauth);
  await input.upstream.acceptTokens(input.oauth.issuedAccessTokens);
  return gate;
}

/** Starts the core runners the plan compares: with and without the Guard, or one with its activity log switchable. */
export async function startGuardGates(
  input: GuardGatesInput,
  plan: GuardPlan,
): Promise<GuardGates> {
  const bundle = await buildCoreRunner();
  const config = {
    authorizeUrl: input.oauth.authorizeUrl,
    tokenUrl: input.oauth.tokenUrl,
    revokeUrl: input.oauth.revokeUrl,
    upstreamUrl: input.upstream.origin,
    clientId: input.oauth.clientId,
  };
  const runner = (name: string, guard: 'allow-all' | 'off'): Promise<GateProcess> =>
    signedInGate(input, name, [...coreRunnerArgs(bundle, config), '--guard', guard], true);
  const target = (name: string, gate: GateProcess, before?: () => Promise<void>): LoadTarget => ({
    name,
    origin: gate.url,
    headers: {},
    pids: [gate.process.pid],
    ...(before === undefined ? {} : { before }),
  });
  if (plan.kind === 'guard') {
    const on = await runner('gate-core-guard', 'allow-all');
    const off = await runner('gate-core-no-guard', 'off');
    return {
      targets: {
        on: target('gate-core-guard', on),
        off: target('gate-core-no-guard', off),
        measured: plan.measured,
      },
      started: [on, off],
    };
  }
  const core = await runner('gate-core', 'off');
  return {
    targets: {
      on: target('gate-core-activity-on', core, () => switchActivity(core, true)),
      off: target('gate-core-activity-off', core, () => switchActivity(core, false)),
      measured: plan.measured,
    },
    started: [core],
  };
}
