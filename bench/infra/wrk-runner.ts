import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWrkOutput, type WrkResult } from '../lib/wrk-output';
import { wrkLuaScript, type WrkRequest } from '../lib/wrk-script';
import { startProcess, type ProcessScope } from './managed-process';

/** One closed-loop load run. */
export interface WrkRun {
  readonly url: string;
  readonly request: WrkRequest;
  readonly connections: number;
  readonly durationS: number;
}

let scripts = 0;

/** Runs wrk (threads = min(2, connections), `--latency`) and parses what it prints. */
export async function runWrk(scope: ProcessScope, tmpDir: string, run: WrkRun): Promise<WrkResult> {
  const script = join(tmpDir, `wrk-${++scripts}.lua`);
  writeFileSync(script, wrkLuaScript(run.request));
  const wrk = startProcess(scope, 'wrk', 'wrk', [
    '--latency',
    '-t',
    String(Math.min(2, run.connections)),
    '-c',
    String(run.connections),
    '-d',
    `${run.durationS}s`,
    '--timeout',
    '10s',
    '-s',
    script,
    run.url,
  ]);
  await wrk.exited;
  // wrk reports a broken script on stderr and then sends plain GETs: never measure that
  if (wrk.child.exitCode !== 0 || wrk.stderr().trim() !== '') {
    throw new Error(
      `wrk exited with ${String(wrk.child.exitCode)}: ${wrk.stderr() || wrk.stdout()}`,
    );
  }
  return parseWrkOutput(wrk.stdout());
}
