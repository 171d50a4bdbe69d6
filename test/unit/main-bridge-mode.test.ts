import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { runBridgeMode } from '../../electron/main/bridge-mode';
import { app, resetStandIn } from '../stand-ins/electron';

describe('bridge mode', () => {
  beforeEach(resetStandIn);

  it('runs the stdio bridge without lock, window or tray, and exits when stdin closes', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const running = runBridgeMode(
      'http://127.0.0.1:9/accounts/1/custom/s/id/i/mcp',
      {},
      {
        stdin,
        stdout,
      },
    );
    stdin.end();
    await running;
    expect(app.exits).toEqual([0]);
    expect(app.calls).toEqual(['disableHardwareAcceleration']);
    expect(app.dock.hidden).toBe(true);
  });
});
