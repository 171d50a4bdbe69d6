import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  withContentSecurityPolicy,
} from '../../electron/main/content-security-policy';
import { isAllowedExternalUrl } from '../../electron/main/external-url-policy';
import { isPermissionGranted } from '../../electron/main/permission-policy';
import {
  isAllowedNavigation,
  isRendererUrl,
  isTrustedSender,
} from '../../electron/main/renderer-url-policy';
import { signInAuthorizeUrls } from '../../electron/main/sign-in-urls';
import { SettingsSchema } from '../../shared/settings';

const CN = 'https://signin.aliyun.com/oauth2/v1/auth';
const LOCAL = 'http://127.0.0.1:4010/oauth2/v1/auth';
const RENDERER = 'file:///opt/MCP%20Gate/resources/app.asar/dist/renderer/index.html';

describe('isAllowedExternalUrl', () => {
  it.each<[string, string, boolean]>([
    // the configured sign-in host, over https
    ['https://signin.aliyun.com/oauth2/v1/auth?client_id=1&state=s', CN, true],
    ['https://signin.aliyun.com/', CN, true],
    ['HTTPS://SIGNIN.ALIYUN.COM/oauth2/v1/auth', CN, true],
    ['https://signin.aliyun.com:443/x', CN, true],
    // lookalikes and tricks
    ['https://signin.aliyun.com.evil.com/oauth2/v1/auth', CN, false],
    ['https://evil.com/signin.aliyun.com', CN, false],
    ['https://signin.aliyun.com@evil.com/', CN, false],
    ['https://user:pass@signin.aliyun.com/', CN, false],
    ['https://signin.aliyun.com%2F@evil.com/', CN, false],
    ['https://evilsignin.aliyun.com/', CN, false],
    ['https://aliyun.com/', CN, false],
    ['https://xn--signn-x8e.aliyun.com/', CN, false], // signіn with a Cyrillic і
    ['https://signіn.aliyun.com/', CN, false],
    ['https://signin.aliyun.com./', CN, false],
    ['https://signin.aliyun.com:8443/', CN, false],
    ['https:\\\\evil.com\\signin.aliyun.com', CN, false],
    ['https://signin.alibabacloud.com/oauth2/v1/auth', CN, false],
    // other schemes
    ['http://signin.aliyun.com/oauth2/v1/auth', CN, false],
    ['javascript:alert(1)//signin.aliyun.com', CN, false],
    ['JaVaScRiPt:alert(1)', CN, false],
    ['file:///etc/passwd', CN, false],
    ['file://signin.aliyun.com/etc/passwd', CN, false],
    ['data:text/html,<script>alert(1)</script>', CN, false],
    ['mailto:a@signin.aliyun.com', CN, false],
    ['smb://signin.aliyun.com/share', CN, false],
    ['vscode://signin.aliyun.com/x', CN, false],
    ['', CN, false],
    ['not a url', CN, false],
    [`https://signin.aliyun.com/${'a'.repeat(20_000)}`, CN, false],
    // a local test cloud: http allowed only on its loopback host and port
    ['http://127.0.0.1:4010/oauth2/v1/auth?state=s', LOCAL, true],
    ['https://127.0.0.1:4010/oauth2/v1/auth', LOCAL, true],
    ['http://127.0.0.1:4011/oauth2/v1/auth', LOCAL, false],
    ['http://localhost:4010/oauth2/v1/auth', LOCAL, false],
    ['http://127.0.0.1.evil.com:4010/', LOCAL, false],
    ['http://localhost:5000/auth', 'http://localhost:5000/auth', true],
    ['http://[::1]:5000/auth', 'http://[::1]:5000/auth', true],
    // http is never allowed for a non-loopback configured host
    ['http://sso.example.com/auth', 'http://sso.example.com/auth', false],
    ['https://sso.example.com/auth', 'https://sso.example.com/auth', true],
    // a broken configuration allows nothing
    ['https://signin.aliyun.com/', 'not a url', false],
  ])('%s with sign-in %s → %s', (url, signIn, expected) => {
    expect(isAllowedExternalUrl(url, signIn)).toBe(expected);
  });
});

describe('signInAuthorizeUrls', () => {
  it.each<[string, unknown, readonly string[]]>([
    ['a fresh install: the China site', {}, [CN]],
    [
      'profiles on both sites',
      { profiles: { default: { site: 'cn' }, work: { site: 'intl' } } },
      [CN, 'https://signin.alibabacloud.com/oauth2/v1/auth'],
    ],
    [
      'a custom default profile replaces the China site',
      { profiles: { default: { site: 'custom', authorizeUrl: LOCAL } } },
      [LOCAL],
    ],
    [
      'a custom profile without an authorize URL opens nothing',
      { defaultProfile: 'x', profiles: { x: { site: 'custom' } } },
      [],
    ],
  ])('%s', (_name, raw, expected) => {
    expect(signInAuthorizeUrls(SettingsSchema.parse(raw))).toEqual(expected);
  });
});

describe('isRendererUrl / isAllowedNavigation', () => {
  it.each<[string, boolean]>([
    [RENDERER, true],
    [`${RENDERER}#servers`, true],
    [`${RENDERER}?x=1#clients`, true],
    ['file:///opt/MCP Gate/resources/app.asar/dist/renderer/index.html', true],
    ['file:///opt/MCP%20Gate/resources/app.asar/dist/renderer/other.html', false],
    ['file:///opt/MCP%20Gate/resources/app.asar/dist/renderer/', false],
    ['file:///etc/passwd', false],
    ['file://evil.com/opt/MCP%20Gate/resources/app.asar/dist/renderer/index.html', false],
    ['https://signin.aliyun.com/', false],
    ['http://127.0.0.1:8088/', false],
    ['about:blank', false],
    ['', false],
    ['file:///opt/MCP%20Gate/resources/app.asar/dist/renderer/index.html%', false],
  ])('%s → %s', (url, expected) => {
    expect(isRendererUrl(url, RENDERER)).toBe(expected);
    expect(isAllowedNavigation(url, RENDERER)).toBe(expected);
  });
});

describe('isTrustedSender', () => {
  it.each<[string, boolean, boolean, string, boolean]>([
    ['the settings window main frame', true, true, `${RENDERER}#account`, true],
    ['a child frame', true, false, RENDERER, false],
    ['another webContents', false, true, RENDERER, false],
    ['the window after navigating away', true, true, 'https://evil.com/', false],
    ['a destroyed frame', true, false, '', false],
    ['another local file', true, true, 'file:///tmp/evil.html', false],
  ])('%s → %s', (_name, fromSettingsWindow, isMainFrame, frameUrl, expected) => {
    expect(isTrustedSender({ fromSettingsWindow, isMainFrame, frameUrl }, RENDERER)).toBe(expected);
  });
});

describe('isPermissionGranted', () => {
  it.each<[string, string | undefined, boolean]>([
    ['clipboard-sanitized-write', RENDERER, true],
    ['clipboard-sanitized-write', `${RENDERER}#clients`, true],
    ['clipboard-sanitized-write', 'https://evil.com/', false],
    ['clipboard-sanitized-write', undefined, false],
    ['clipboard-read', RENDERER, false],
    ['notifications', RENDERER, false],
    ['media', RENDERER, false],
    ['geolocation', RENDERER, false],
    ['openExternal', RENDERER, false],
    ['fullscreen', RENDERER, false],
    ['unknown', RENDERER, false],
  ])('%s from %s → %s', (permission, url, expected) => {
    expect(isPermissionGranted(permission, url, RENDERER)).toBe(expected);
  });
});

describe('Content-Security-Policy', () => {
  it.each([
    "default-src 'none'",
    "script-src 'self'",
    "connect-src 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ])('contains %s', (directive) => {
    expect(CONTENT_SECURITY_POLICY.split('; ')).toContain(directive);
  });

  it('never allows inline or evaluated script', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)|\*/);
  });

  it('replaces any policy the response carried and keeps other headers', () => {
    expect(
      withContentSecurityPolicy({
        'content-security-policy': ['default-src *'],
        'Content-Type': ['text/html'],
      }),
    ).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    expect(withContentSecurityPolicy(undefined)).toEqual({
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });
});
