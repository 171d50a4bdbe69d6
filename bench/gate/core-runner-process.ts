/**
 * The gate core for guard-on (built with esbuild like the CLI, run by plain node): createGate
 * with a file vault and the real activity log, with the Guard at `allow-all` (`--guard allow-all`:
 * every tools/call read, parsed and decided, none refused) or without it (`--guard off`), and
 * activity appends that can be switched off over IPC — so the cost of inspection is measured
 * on one composition that differs in nothing else. Also takes the CLI's `--port`, `--config-dir`.
 */
import { join } from 'node:path';
import type { ActivitySink } from '../../shared/activity';
import { buildServerRules } from '../../shared/server-rules';
import { openActivityLog } from '../../electron/core/audit/activity-log';
import { createFileVault } from '../../electron/core/auth/vault-file';
import { createGate, localBaseUrl } from '../../electron/core/gate';
import { createProxyGuard } from '../../electron/core/guard/proxy-guard';
import { createLogger } from '../../electron/core/logger';
import type { ActivitySwitch, CoreRunnerConfig } from './core-runner-protocol';

function flag(name: string): string {
  const i = process.argv.indexOf(name);
  const value = i === -1 ? undefined : process.argv[i + 1];
  if (value === undefined) throw new Error(`core runner: ${name} is missing`);
  return value;
}

const config = JSON.parse(process.argv[2] ?? '{}') as CoreRunnerConfig;
const configDir = flag('--config-dir');
const logger = createLogger({ level: 'info' });
const log = openActivityLog({ path: join(configDir, 'activity.jsonl') });
let activityOn = true;
const activity: ActivitySink = {
  append(entry) {
    if (activityOn) log.append(entry);
  },
};
const rules = buildServerRules([], []);
const guard =
  flag('--guard') === 'allow-all'
    ? createProxyGuard({
        // one rule that never matches: with no rules allow-all skips inspection entirely, so this
        // keeps every tools/call read, parsed and decided while still allowing it
        policy: () => ({
          preset: 'allow-all',
          rules: [
            { tool: 'Never-0000-MatchesAnything', server: null, client: null, action: 'deny' },
          ],
        }),
        // allow-all never asks; a call that would be held is denied rather than waiting
        ask: () => Promise.resolve({ answer: 'deny', by: 'no-one' }),
      })
    : null;
const gate = createGate({
  profile: 'default',
  site: 'custom',
  clientId: config.clientId,
  endpoints: {
    authorizeUrl: config.authorizeUrl,
    tokenUrl: config.tokenUrl,
    revokeUrl: config.revokeUrl,
    upstreamUrl: config.upstreamUrl,
  },
  host: '127.0.0.1',
  port: Number(flag('--port')),
  rules: () => rules,
  allowedOrigins: [],
  vault: createFileVault(join(configDir, 'tokens.json'), { logger }),
  logger,
  activity,
  ...(guard === null ? {} : { guard }),
});

process.on('message', (message: ActivitySwitch) => {
  activityOn = message.on;
  process.send?.(message);
});
process.once('SIGTERM', () => {
  void gate
    .close()
    .then(() => log.close())
    .finally(() => process.exit(0));
});

const proxy = await gate.startProxy();
process.stdout.write(`Listen: ${proxy.url}\n`);
if (await gate.session.hasStoredToken()) {
  await gate.session.getAccessToken();
} else {
  const { flow, done } = gate.beginSignIn(localBaseUrl('127.0.0.1', proxy.port));
  process.stdout.write(`Sign in: ${flow.authorizationUrl}\n`);
  await done;
}
process.stdout.write('Signed in (profile "default"). The proxy is ready.\n');
