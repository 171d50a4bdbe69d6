import { UserError } from '../../core/errors';
import { localBaseUrl, createGate, type GateHealth } from '../../core/gate';
import { proxyHealth } from '../proxy-health';
import { startLoopbackServer } from '../../core/loopback-server';
import { EMPTY_RULES } from '../../../shared/server-rules';
import { openContext, openEndpoints, openVault, rememberProfile } from '../context';
import type { CommonFlags } from '../config';
import { openBrowser } from '../open-browser';
import { resolveClientId } from '../../core/context/oauth-app';
import { presentSignIn } from '../sign-in-prompt';

/** `mcp-gate login`: run the loopback sign-in and keep the refresh token; hands over to a running proxy when there is one. */
export async function runLogin(flags: CommonFlags): Promise<void> {
  const context = openContext(flags);
  const { config, logger } = context;
  const vault = await openVault(context);
  const endpoints = await openEndpoints(context);
  const gate = createGate({
    profile: config.profile,
    site: config.site,
    clientId: config.clientId,
    endpoints,
    host: config.host,
    port: config.port,
    rules: () => EMPTY_RULES,
    allowedOrigins: [],
    vault,
    logger,
    // login proxies nothing, so it has no activity to record
    activity: { append: () => undefined },
  });
  const base = localBaseUrl(config.host, config.port);
  let server;
  try {
    server = await startLoopbackServer({
      host: config.host,
      port: config.port,
      routes: gate.routes,
    });
  } catch (error) {
    const running = await proxyHealth(base);
    if (running === null) throw error;
    return signInThroughRunningProxy(base, running, config.openBrowser);
  }
  try {
    const redirectBase = localBaseUrl(config.host, server.port);
    const clientId = await resolveClientId(context, `${redirectBase}/callback`);
    gate.useClientId(clientId);
    const { flow, done } = gate.beginSignIn(redirectBase);
    await presentSignIn(flow, { openBrowser: config.openBrowser });
    await done;
    rememberProfile(context, clientId);
    process.stdout.write(
      `Signed in (profile "${config.profile}", site ${config.site}); the refresh token is in ${
        vault.kind === 'keychain' ? 'the system keychain' : context.paths.tokenFile
      }.\n`,
    );
  } finally {
    await gate.close();
    await server.close();
  }
}

async function signInThroughRunningProxy(
  base: string,
  health: GateHealth,
  open: boolean,
): Promise<void> {
  const loginUrl = `${base}/login`;
  if (health.signedIn) {
    process.stdout.write(
      `The proxy at ${base} is running and already signed in (profile "${health.profile}").\n`,
    );
    return;
  }
  process.stdout.write(
    `The proxy at ${base} is running and signs in by itself: ${open ? 'opening' : 'open'} ${loginUrl}\n`,
  );
  if (open) await openBrowser(loginUrl);
  const deadline = Date.now() + 5 * 60_000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await proxyHealth(base);
    if (now?.signedIn) {
      process.stdout.write(`Signed in (profile "${now.profile}").\n`);
      return;
    }
  }
  throw new UserError(
    'sign-in-timeout',
    'Sign-in timed out after 5 minutes: run `mcp-gate login` again.',
  );
}
