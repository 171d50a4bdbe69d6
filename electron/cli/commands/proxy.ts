import { buildServerRules } from '../../../shared/server-rules';
import { openActivityLog } from '../../core/audit/activity-log';
import { SignedOutError } from '../../core/errors';
import { localBaseUrl, createGate } from '../../core/gate';
import { createClientKeys } from '../../core/clients/client-keys';
import { createClientAuthenticator } from '../../core/client-auth';
import { systemClock } from '../../core/auth/types';
import { createGuardStack } from '../../core/guard/guard-stack';
import { createTtyAsker } from '../../core/guard/tty-asker';
import {
  openClientKeyStore,
  openContext,
  openEndpoints,
  openVault,
  rememberProfile,
} from '../context';
import type { CommonFlags } from '../config';
import type { CliContext } from '../context';
import { openProfileRouting, type ProfileRouting } from '../../core/context/profile-routing';
import { rememberSeenServers } from '../../core/context/seen-servers';
import { formatServerReport, loadServerReport } from './servers';

/** `mcp-gate proxy`: listen, sign in when there is no stored token, proxy until stopped. */
export async function runProxy(flags: CommonFlags): Promise<void> {
  const context = openContext(flags);
  const { config, logger } = context;
  const vault = await openVault(context);
  const endpoints = await openEndpoints(context);
  const rules = buildServerRules(config.allowedServers, config.blockedServers);
  const activity = openActivityLog({ path: context.paths.activityLog });
  const clientKeys = createClientKeys(openClientKeyStore(context));
  const authenticateClient = createClientAuthenticator({
    loadKeys: () => clientKeys.list(),
    requirement: config.requireClientKey,
    logger,
    clock: systemClock,
  });
  const onTerminal = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const {
    source: guardSettings,
    broker,
    guard,
  } = createGuardStack({
    settings: context.settings,
    asker: onTerminal
      ? createTtyAsker({
          input: process.stdin,
          output: process.stdout,
          onInterrupt: () => process.kill(process.pid, 'SIGINT'),
        })
      : null,
    logger,
    presetOverride: config.guardPreset,
    askTimeoutSecondsOverride: config.askTimeoutSeconds,
  });
  let signInClientId = config.clientId;
  let routing: ProfileRouting | null = null;
  const gate = createGate({
    profile: config.profile,
    site: config.site,
    clientId: config.clientId,
    endpoints,
    host: config.host,
    port: config.port,
    rules: () => rules,
    allowedOrigins: config.allowedOrigins,
    vault,
    logger,
    activity,
    authenticateClient,
    guard,
    tokensFor: (account) => routing?.tokensFor(account) ?? null,
    onSignedIn: () => {
      rememberProfile(context, signInClientId);
      process.stdout.write(`Signed in (profile "${config.profile}"). The proxy is ready.\n`);
    },
  });
  routing = await openProfileRouting(context, vault, gate.session, endpoints.upstreamUrl);
  activity.onAppend(rememberSeenServers(context, routing.profileFor));
  const proxy = await gate.startProxy();
  const stop = async (): Promise<void> => {
    broker.close();
    await gate.close();
    await activity.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  const lines = [
    'MCP Gate proxy started',
    `  Listen:   ${proxy.url}`,
    `  Site:     ${config.site} (upstream ${endpoints.upstreamUrl})`,
    `  Profile:  ${config.profile}`,
    `  Tokens:   ${vault.kind === 'keychain' ? 'system keychain' : context.paths.tokenFile}`,
    `  Activity: ${context.paths.activityLog}`,
  ];
  const policy = guardSettings.policy();
  lines.push(
    `  Guard:    ${policy.preset}${config.guardPreset === null ? '' : ' (--guard)'}, ${policy.rules.length} rule${policy.rules.length === 1 ? '' : 's'}; ` +
      (onTerminal
        ? `asks on this terminal (${guardSettings.askTimeoutMs() / 1000} s, then denied)`
        : 'no terminal to ask on: calls that need a person are denied'),
  );
  if (config.blockedServers.length > 0)
    lines.push(`  Blocked servers: ${config.blockedServers.join(', ')}`);
  if (config.allowedServers.length > 0)
    lines.push(`  Allowed servers: ${config.allowedServers.join(', ')}`);
  lines.push(...routing.lines);
  process.stdout.write(lines.join('\n') + '\n');
  await showServers(context, proxy.url);

  if (!(await gate.session.hasStoredToken())) {
    const redirectBase = localBaseUrl(config.host, proxy.port);
    // finding or creating the OAuth app (cloud API client, signer) and the prompt are needed
    // only to sign in
    const { resolveClientId } = await import('../../core/context/oauth-app');
    const { presentSignIn } = await import('../sign-in-prompt');
    signInClientId = await resolveClientId(context, `${redirectBase}/callback`);
    gate.useClientId(signInClientId);
    const { flow, done } = gate.beginSignIn(redirectBase);
    await presentSignIn(flow, { openBrowser: config.openBrowser });
    await done.catch((error: unknown) => {
      process.stdout.write(
        `${messageOf(error)}\nThe proxy keeps running; sign in later at ${proxy.url}/login or with \`mcp-gate login\`.\n`,
      );
    });
    return;
  }
  try {
    await gate.session.getAccessToken();
    process.stdout.write(`Signed in (profile "${config.profile}"). The proxy is ready.\n`);
  } catch (error) {
    const hint =
      error instanceof SignedOutError
        ? ` Sign in at ${proxy.url}/login or with \`mcp-gate login\`.`
        : '';
    process.stdout.write(`${messageOf(error)}${hint}\n`);
  }
}

/** Lists the servers at start-up (like `mcp-gate servers`); a failed discovery never stops the proxy. */
async function showServers(context: CliContext, proxyBase: string): Promise<void> {
  try {
    const report = await loadServerReport(context, proxyBase);
    process.stdout.write(formatServerReport(context.config.profile, report));
  } catch (error) {
    process.stdout.write(`Could not list the MCP servers: ${messageOf(error)}\n`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
