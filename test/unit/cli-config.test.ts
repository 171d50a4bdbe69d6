import { describe, expect, it } from 'vitest';
import { resolveCliConfig } from '../../electron/cli/config';
import { DEFAULT_SETTINGS, SettingsSchema } from '../../shared/settings';

const stored = SettingsSchema.parse({
  proxy: { port: 9000, blockedServers: ['ram'] },
  profiles: {
    default: { site: 'custom', oauthClientId: 'app-1', tokenUrl: 'http://127.0.0.1:1/v1/token' },
  },
});

describe('resolveCliConfig', () => {
  it('uses defaults on a fresh install', () => {
    const c = resolveCliConfig({}, DEFAULT_SETTINGS);
    expect(c).toMatchObject({
      profile: 'default',
      site: 'cn',
      clientId: null,
      host: '127.0.0.1',
      port: 8088,
      tokenStore: 'keychain',
      allowedServers: [],
      blockedServers: [],
    });
  });

  it('lays flags over stored settings', () => {
    const c = resolveCliConfig({ port: '8100', blockedServers: 'a, /x/y ,' }, stored);
    expect(c.port).toBe(8100);
    expect(c.blockedServers).toEqual(['a', '/x/y']);
    expect(c.clientId).toBe('app-1');
    expect(c.overrides).toEqual({ tokenUrl: 'http://127.0.0.1:1/v1/token' });
  });

  it('does not carry a stored client id or endpoints over to another site', () => {
    const c = resolveCliConfig({ site: 'intl' }, stored);
    expect(c.clientId).toBeNull();
    expect(c.overrides).toEqual({});
    expect(c.profileSettings).toEqual({ site: 'intl' });
  });

  it('falls back to settings for lists the flags do not give', () => {
    expect(resolveCliConfig({}, stored).blockedServers).toEqual(['ram']);
  });

  it.each([
    [{ port: '80a' }, '--port must be a number'],
    [{ port: '70000' }, '--port must be a number'],
    [{ site: 'moon' }, '--site must be cn, intl or custom'],
    [{ tokenStore: 'plain' }, '--token-store must be keychain or file'],
    [{ logLevel: 'loud' }, '--log-level must be one of'],
  ])('refuses %o with a message naming the flag', (flags, message) => {
    expect(() => resolveCliConfig(flags, DEFAULT_SETTINGS)).toThrow(message);
  });
});
