import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOAuth, type OAuthServer } from '../gate/oauth';
import type { Cleanup } from '../infra/cleanup';
import type { ProcessScope } from '../infra/managed-process';
import { startWatchdog } from '../infra/watchdog';
import { startUpstream, type Upstream } from '../upstream/upstream-handle';

/** What every profiling script stands on: a process scope, a scratch folder, the upstream and the OAuth server. */
export interface ProfileStack {
  readonly scope: ProcessScope;
  readonly tmpDir: string;
  readonly upstream: Upstream;
  readonly oauth: OAuthServer;
}

/** Starts the stack; `cleanup` stops it and removes `mcp-gate-<name>-*` (the watchdog too, if killed). */
export async function startProfileStack(cleanup: Cleanup, name: string): Promise<ProfileStack> {
  const scope = { cleanup, watchdog: startWatchdog(cleanup) };
  const tmpDir = mkdtempSync(join(tmpdir(), `mcp-gate-${name}-`));
  cleanup.add(() => rmSync(tmpDir, { recursive: true, force: true }));
  scope.watchdog.removeLater(tmpDir);
  const upstream = await startUpstream(scope);
  const oauth = await startOAuth(cleanup);
  return { scope, tmpDir, upstream, oauth };
}

/** Progress on stderr (stdout carries the result). */
export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}
