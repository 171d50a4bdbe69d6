import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { BridgeCommand } from '../../../shared/clients';
import { UserError } from '../errors';

/** What locateBridgeCommand reads from the running process. */
export interface BridgeProcess {
  /** `process.execPath`: the absolute path of the running Node. */
  readonly execPath: string;
  /** `process.argv[1]`: the CLI script being run. */
  readonly script: string | undefined;
  /** Resolves `tsx` for a CLI run from source (default: from the script's folder). */
  readonly resolveTsx?: () => string;
}

/**
 * How Claude Desktop starts `mcp-gate bridge`: the absolute path of this very Node, running the
 * absolute (symlink-resolved) path of this very CLI script, so nothing is looked up on PATH or
 * downloaded at run time. A CLI run from TypeScript source (`node --import tsx electron/cli/main.ts`)
 * is started the same way with tsx's absolute loader URL.
 */
export function locateBridgeCommand(proc: BridgeProcess): BridgeCommand {
  if (proc.script === undefined || proc.script === '') {
    throw new UserError(
      'bridge-cli-unknown',
      'Cannot tell where the mcp-gate CLI is installed: run `mcp-gate clients configure claude-desktop` through the installed `mcp-gate` command.',
    );
  }
  let script: string;
  try {
    script = realpathSync(proc.script);
  } catch (error) {
    throw new UserError(
      'bridge-cli-unknown',
      `The mcp-gate CLI at ${proc.script} cannot be found: reinstall it, then configure Claude Desktop again.`,
      { cause: error },
    );
  }
  if (/\.[cm]?tsx?$/.test(script)) {
    const tsx = (
      proc.resolveTsx ?? (() => pathToFileURL(createRequire(script).resolve('tsx')).href)
    )();
    return { command: proc.execPath, args: ['--import', tsx, script] };
  }
  return { command: proc.execPath, args: [script] };
}
