import { beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/content-security-policy';
import { guardOpenExternal, installSecurity } from '../../electron/main/security';
import { createSettingsWindow } from '../../electron/main/window';
import { BrowserWindow, resetStandIn, session, shell } from '../stand-ins/electron';
import { must } from '../stand-ins/must';

const files = {
  rendererFile: '/app/dist/renderer/index.html',
  preloadFile: '/app/dist/preload/preload.cjs',
};
const RENDERER = 'file:///app/dist/renderer/index.html';
const SIGN_IN = 'https://signin.aliyun.com/oauth2/v1/auth';
const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function setup(): { refused: string[]; window: (typeof BrowserWindow.instances)[number] } {
  const refused: string[] = [];
  const policy = {
    rendererUrl: RENDERER,
    openExternal: guardOpenExternal(
      () => [SIGN_IN],
      (url) => shell.openExternal(url),
    ),
    onRefused: (what: string, url: string) => refused.push(`${what} ${url}`),
  };
  installSecurity(policy);
  createSettingsWindow({ files, platform: 'linux', devTools: false }).show();
  return { refused, window: must(BrowserWindow.instances[0]) };
}

describe('window security wiring', () => {
  beforeEach(resetStandIn);

  it.each<[string, boolean]>([
    ['https://evil.com/', true],
    ['https://signin.aliyun.com/oauth2/v1/auth', true],
    ['file:///etc/passwd', true],
    ['file:///app/dist/renderer/other.html', true],
    [`${RENDERER}#servers`, false],
    [RENDERER, false],
  ])('navigation to %s prevented: %s', (url, prevented) => {
    const { window } = setup();
    expect(window.webContents.tryNavigate('will-navigate', url)).toBe(prevented);
    expect(window.webContents.tryNavigate('will-redirect', url)).toBe(prevented);
  });

  it('denies window.open; only a sign-in page URL goes to the browser', async () => {
    const { window, refused } = setup();
    const handler = must(window.webContents.windowOpenHandler);
    expect(handler({ url: 'https://evil.com/' })).toEqual({ action: 'deny' });
    expect(handler({ url: `${SIGN_IN}?state=x` })).toEqual({ action: 'deny' });
    expect(handler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    await flush();
    expect(shell.opened).toEqual([`${SIGN_IN}?state=x`]);
    expect(refused).toEqual(['window.open https://evil.com/', 'window.open javascript:alert(1)']);
  });

  it('refuses webviews', () => {
    const { window } = setup();
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    window.webContents.emit('will-attach-webview', event);
    expect(event.defaultPrevented).toBe(true);
  });

  it('denies permission requests and checks (clipboard writes by the own page excepted)', () => {
    const { window } = setup();
    const ses = session.defaultSession;
    const answers: boolean[] = [];
    for (const [permission, url] of [
      ['media', RENDERER],
      ['notifications', RENDERER],
      ['clipboard-read', RENDERER],
      ['clipboard-sanitized-write', 'https://evil.com/'],
      ['clipboard-sanitized-write', RENDERER],
    ] as const) {
      must(ses.permissionRequestHandler)(window.webContents, permission, (g) => answers.push(g), {
        requestingUrl: url,
      });
    }
    expect(answers).toEqual([false, false, false, false, true]);
    expect(must(ses.permissionCheckHandler)(window.webContents, 'geolocation', 'file://', {})).toBe(
      false,
    );
    expect(must(ses.permissionCheckHandler)(null, 'clipboard-sanitized-write', '', {})).toBe(false);
    expect(must(ses.devicePermissionHandler)()).toBe(false);
  });

  it('adds the Content-Security-Policy header to responses', () => {
    setup();
    let headers: Record<string, string[]> | undefined;
    must(session.defaultSession.headersListener)(
      { url: RENDERER, responseHeaders: { 'Content-Security-Policy': ['script-src *'] } },
      (response) => (headers = response.responseHeaders),
    );
    expect(headers).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('guardOpenExternal', () => {
  beforeEach(resetStandIn);

  it('opens the normalised sign-in URL and refuses everything else with words', async () => {
    const open = guardOpenExternal(
      () => [SIGN_IN, 'http://127.0.0.1:4010/oauth2/v1/auth'],
      (url) => shell.openExternal(url),
    );
    await open('HTTPS://SIGNIN.ALIYUN.COM/oauth2/v1/auth?x=1');
    await open('http://127.0.0.1:4010/oauth2/v1/auth?x=2');
    await expect(open('https://signin.aliyun.com.evil.com/')).rejects.toThrow(
      /refused https:\/\/signin\.aliyun\.com\.evil\.com/,
    );
    await expect(open('file:///etc/passwd')).rejects.toMatchObject({
      code: 'external-url-refused',
    });
    await expect(open('::')).rejects.toThrow(/malformed URL/);
    expect(shell.opened).toEqual([
      'https://signin.aliyun.com/oauth2/v1/auth?x=1',
      'http://127.0.0.1:4010/oauth2/v1/auth?x=2',
    ]);
  });
});
