import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { locateBridgeCommand } from '../../electron/core/bridge/bridge-command';
import { UserError } from '../../electron/core/errors';

let dir: string | null = null;
afterEach(() => {
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('locateBridgeCommand', () => {
  it('runs the built CLI script by its real path with this very Node', () => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-gate-bridge-command-'));
    const script = join(dir, 'mcp-gate.cjs');
    writeFileSync(script, '');
    const link = join(dir, 'mcp-gate');
    symlinkSync(script, link);
    expect(locateBridgeCommand({ execPath: '/opt/node/bin/node', script: link })).toEqual({
      command: '/opt/node/bin/node',
      args: [script],
    });
  });

  it('runs a CLI started from TypeScript source through the tsx found beside it', () => {
    const script = resolve('electron/cli/main.ts');
    const command = locateBridgeCommand({ execPath: '/usr/bin/node', script });
    expect(command.command).toBe('/usr/bin/node');
    expect(command.args[0]).toBe('--import');
    const loader = command.args[1] ?? '';
    expect(loader).toMatch(/^file:\/\/.*\/node_modules\/tsx\/dist\/loader\.mjs$/);
    expect(existsSync(fileURLToPath(loader))).toBe(true);
    expect(command.args[2]).toBe(script);
  });

  it('names the fix when the CLI script is unknown or gone', () => {
    for (const script of [undefined, '', '/nonexistent/mcp-gate.cjs']) {
      let error: unknown = null;
      try {
        locateBridgeCommand({ execPath: '/usr/bin/node', script });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toMatch(/mcp-gate|reinstall/);
    }
  });
});
