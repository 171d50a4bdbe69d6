import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  completeSignIn,
  DEFAULT_ACCESS_KEY,
  startLocalCloud,
  type LocalCloud,
} from '../fixtures/local-cloud';
import { runCli, startCli } from './cli-harness';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(async () => {
  await cloud.close();
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        resolve(typeof address === 'object' && address !== null ? address.port : 0),
      );
    });
  });
}

const accessKeyEnv = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY.accessKeySecret,
};

function loginArgs(configDir: string, port: number): string[] {
  return [
    'login',
    '--site',
    'custom',
    '--authorize-url',
    cloud.authorizeUrl,
    '--token-url',
    cloud.tokenUrl,
    '--upstream-url',
    cloud.upstreamUrl,
    '--ims-url',
    cloud.imsUrl,
    '--port',
    String(port),
    '--no-browser',
    '--token-store',
    'file',
    '--config-dir',
    configDir,
  ];
}

describe('OAuth application from an AccessKey, without --oauth-client-id', () => {
  it('creates the NativeApp, signs in with it, finds it again, and catches a port the app does not know before any browser opens', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'mcp-gate-app-'));
    const port = await freePort();

    const first = startCli(loginArgs(configDir, port), accessKeyEnv);
    await first.waitFor(/Created the RAM OAuth application "mcp-gate" \(AppId (\S+)\)/);
    const [url] = await first.waitFor(/http:\/\/127\.0\.0\.1:\d+\/oauth2\/v1\/auth\?\S+/);
    expect((await completeSignIn(url)).callbackStatus).toBe(200);
    expect(await first.exited()).toBe(0);
    const settings = JSON.parse(readFileSync(join(configDir, 'settings.json'), 'utf8')) as {
      profiles: { default: { oauthClientId: string } };
    };
    const appId = settings.profiles.default.oauthClientId;
    expect(first.stdout()).toContain(`AppId ${appId}`);
    expect(first.stdout()).toContain('AccessKey from environment');

    // a second sign-in with a fresh config finds the same app instead of creating another
    const again = startCli(
      loginArgs(mkdtempSync(join(tmpdir(), 'mcp-gate-app-')), port),
      accessKeyEnv,
    );
    await again.waitFor(
      new RegExp(`Using the RAM OAuth application "mcp-gate" \\(AppId ${appId}\\)`),
    );
    await again.stop();

    // another port: the app does not list that redirect URI; say so, print no sign-in URL
    const other = await freePort();
    const wrong = await runCli(
      loginArgs(mkdtempSync(join(tmpdir(), 'mcp-gate-app-')), other),
      accessKeyEnv,
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`http://127.0.0.1:${other}/callback`);
    expect(wrong.stdout).not.toContain('/oauth2/v1/auth');
    expect(wrong.stdout + wrong.stderr).not.toContain(DEFAULT_ACCESS_KEY.accessKeySecret);
  });

  it('without a client id or an AccessKey, names both ways to get one', async () => {
    const r = await runCli(
      loginArgs(mkdtempSync(join(tmpdir(), 'mcp-gate-app-')), await freePort()),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--oauth-client-id');
    expect(r.stderr).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
  });
});
