import { UserError } from '../../core/errors';
import { localBaseUrl } from '../../core/gate';
import { openContext, openVault } from '../context';
import type { CommonFlags } from '../config';
import { proxyHealth } from '../proxy-health';

/** `mcp-gate status`: the profiles with their sign-in state, and the proxy if one is running. */
export async function runStatus(flags: CommonFlags & { readonly json?: boolean }): Promise<void> {
  const context = openContext(flags);
  const { config } = context;
  const settings = context.settings.read();
  let keychainError: string | null = null;
  let vault = null;
  try {
    vault = await openVault(context);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    keychainError = error.message;
  }
  const names = [...new Set([config.profile, ...Object.keys(settings.profiles)])].sort();
  const profiles = [];
  for (const name of names) {
    const stored = name === config.profile ? config.profileSettings : settings.profiles[name];
    const hasToken = vault === null ? null : (await vault.get(name)) !== null;
    profiles.push({
      name,
      default: name === settings.defaultProfile,
      site: stored?.site ?? 'cn',
      oauthClientId: stored?.oauthClientId ?? null,
      signedIn: hasToken,
    });
  }
  const base = localBaseUrl(config.host, config.port);
  const health = await proxyHealth(base);
  const report = {
    configDir: context.paths.configDir,
    tokenStore: config.tokenStore,
    tokenStoreError: keychainError,
    profiles,
    proxy: { url: base, running: health !== null, health },
  };
  if (flags.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return;
  }
  const lines = [
    `Config:  ${report.configDir}`,
    `Tokens:  ${config.tokenStore}${keychainError ? ` (${keychainError})` : ''}`,
  ];
  for (const p of profiles) {
    const state = p.signedIn === null ? 'unknown' : p.signedIn ? 'signed in' : 'signed out';
    lines.push(`Profile: ${p.name}${p.default ? ' (default)' : ''}: ${state}, site ${p.site}`);
  }
  lines.push(
    health === null
      ? `Proxy:   not running at ${base}`
      : `Proxy:   running at ${base}, ${health.signedIn ? 'signed in' : `not signed in (${health.session})`}`,
  );
  process.stdout.write(lines.join('\n') + '\n');
}
