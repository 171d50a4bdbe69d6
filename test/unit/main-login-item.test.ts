import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLoginItem } from '../../electron/main/login-item';
import { app, resetStandIn } from '../stand-ins/electron';

const command = { command: '/opt/MCP Gate/mcp-gate', args: ['--autostart'] };

describe('Start at login', () => {
  let dir = '';
  beforeEach(() => {
    resetStandIn();
    dir = mkdtempSync(join(tmpdir(), 'mcp-gate-login-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('on Linux writes and removes an XDG autostart entry', () => {
    const item = createLoginItem({
      platform: 'linux',
      command,
      autostartSwitch: false,
      env: { XDG_CONFIG_HOME: dir },
      homeDir: '/nonexistent',
    });
    const file = join(dir, 'autostart', 'mcp-gate.desktop');
    expect(item.isEnabled()).toBe(false);
    item.setEnabled(true);
    expect(item.isEnabled()).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('Exec="/opt/MCP Gate/mcp-gate" --autostart\n');
    item.setEnabled(false);
    expect(existsSync(file)).toBe(false);
    expect(item.isEnabled()).toBe(false);
  });

  it('on Windows registers the command line with Electron', () => {
    const item = createLoginItem({
      platform: 'win32',
      command: { command: 'C:\\Program Files\\MCP Gate\\MCP Gate.exe', args: ['--autostart'] },
      autostartSwitch: true,
      env: {},
      homeDir: dir,
    });
    item.setEnabled(true);
    expect(app.loginItemWrites).toEqual([
      {
        openAtLogin: true,
        path: 'C:\\Program Files\\MCP Gate\\MCP Gate.exe',
        args: ['--autostart'],
      },
    ]);
    expect(item.isEnabled()).toBe(true);
    expect(item.openedAtLogin).toBe(true);
  });

  it('on macOS registers the app itself and knows when it was opened at login', () => {
    app.loginItem.wasOpenedAtLogin = true;
    const item = createLoginItem({
      platform: 'darwin',
      command,
      autostartSwitch: false,
      env: {},
      homeDir: dir,
    });
    item.setEnabled(true);
    expect(app.loginItemWrites).toEqual([{ openAtLogin: true }]);
    expect(item.openedAtLogin).toBe(true);
  });
});
