import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { forgetAccessKey, keepAccessKey } from '../../core/cloud/credentials';
import { createKeychainSecretStore } from '../../core/cloud/secret-store';
import { UserError } from '../../core/errors';
import type { CommonFlags } from '../config';
import { openContext, type CliContext } from '../context';

function keychainContext(flags: CommonFlags): CliContext {
  const context = openContext(flags);
  if (context.config.tokenStore === 'file') {
    throw new UserError(
      'accesskey-needs-keychain',
      'An AccessKey is kept only in the system keychain, never in a file: on a host without one, pass it in ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET instead.',
    );
  }
  return context;
}

/** `mcp-gate accesskey set`: reads an AccessKey and keeps it in the keychain. */
export async function runAccessKeySet(flags: CommonFlags): Promise<void> {
  const context = keychainContext(flags);
  const [accessKeyId, accessKeySecret] = await readAccessKey();
  if (!/^[\w.-]{8,128}$/.test(accessKeyId)) {
    throw new UserError(
      'bad-accesskey',
      'That does not look like an AccessKey id (letters, digits, dots, dashes; as shown in the RAM console): nothing was kept.',
    );
  }
  if (accessKeySecret.length < 8) {
    throw new UserError(
      'bad-accesskey',
      'The AccessKey secret is empty or too short: nothing was kept.',
    );
  }
  await keepAccessKey(createKeychainSecretStore(), context.config.profile, {
    accessKeyId,
    accessKeySecret,
  });
  process.stdout.write(
    `Kept AccessKey ${accessKeyId.slice(0, 4)}… for profile "${context.config.profile}" in the system keychain. It is used only to list servers and set up the OAuth application, never for MCP traffic.\n`,
  );
}

/** `mcp-gate accesskey remove`: deletes the kept AccessKey. */
export async function runAccessKeyRemove(flags: CommonFlags): Promise<void> {
  const context = keychainContext(flags);
  const removed = await forgetAccessKey(createKeychainSecretStore(), context.config.profile);
  process.stdout.write(
    removed
      ? `Deleted the kept AccessKey of profile "${context.config.profile}".\n`
      : `Profile "${context.config.profile}" has no kept AccessKey.\n`,
  );
}

/** Two answers: prompted on a terminal (the secret not echoed), else two lines from standard input. */
async function readAccessKey(): Promise<[string, string]> {
  if (process.stdin.isTTY !== true) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    const [id = '', secret = ''] = text.split(/\r?\n/).map((line) => line.trim());
    return [id, secret];
  }
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const ask = (prompt: string): Promise<string> =>
    new Promise((resolve) => rl.question(prompt, resolve));
  try {
    const id = (await ask('AccessKey ID: ')).trim();
    process.stdout.write('AccessKey secret (not shown): ');
    muted = true;
    const secret = (await ask('')).trim();
    muted = false;
    process.stdout.write('\n');
    return [id, secret];
  } finally {
    rl.close();
  }
}
