import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUiStack, type UiStack } from '../fixtures/ui-stack';
import { openBrowser, screenshot, type BrowserSession } from './browser-session';
import { proxiedMcpUrl } from './proxy-client';
import { goTo } from './settings-window';

/** A Cursor config the user already had: a comment and a server of their own. */
const USER_FILE = `{
  // my own servers
  "mcpServers": {
    "local-tool": { "command": "my-tool", "args": ["--stdio"] }
  }
}
`;

/** The state badge of a client row, when it says `state`. */
function stateBadge(row: Locator, state: string): Locator {
  return row.locator('.client-head .badge', { hasText: new RegExp(`^${state}$`) });
}

let stack: UiStack;
let session: BrowserSession;
let cursorFile: string;

beforeAll(async () => {
  stack = await startUiStack();
  cursorFile = join(stack.home, '.cursor', 'mcp.json');
  await mkdir(join(stack.home, '.cursor'), { recursive: true });
  await writeFile(cursorFile, USER_FILE);
  session = await openBrowser(stack.url);
});

afterAll(async () => {
  await session?.close();
  await stack?.close();
});

describe('Clients page', () => {
  it('previews, configures and removes Cursor in the temp home, keeping the user’s own entries', async () => {
    const { page } = session;
    await goTo(page, 'Clients');
    const cursor = page.locator('li[data-client="cursor"]');
    await stateBadge(cursor, 'Not configured').waitFor();
    expect(await cursor.getByText(cursorFile).isVisible()).toBe(true);
    await screenshot(page, 'clients-cursor', 'not-configured');

    await page.getByRole('button', { name: 'Preview changes for Cursor' }).click();
    const diff = cursor.locator('pre.diff');
    await diff.waitFor();
    const added = await cursor.locator('.diff-added').allTextContents();
    expect(added.some((line) => line.includes('"aliyun-demo"'))).toBe(true);
    expect(await readFile(cursorFile, 'utf8')).toBe(USER_FILE);
    await screenshot(page, 'clients-cursor', 'preview-diff');

    await page.getByRole('button', { name: 'Configure Cursor' }).click();
    await stateBadge(cursor, 'Configured').waitFor();
    const configured = await readFile(cursorFile, 'utf8');
    expect(configured).toContain('"aliyun-demo"');
    expect(configured).toContain(proxiedMcpUrl(stack, 'demo'));
    expect(configured).toContain('X-MCP-Gate-Key');
    expect(configured).toContain('// my own servers');
    expect(configured).toContain('"local-tool"');
    expect(
      await cursor.getByText('Cursor picks it up by itself', { exact: false }).isVisible(),
    ).toBe(true);
    await screenshot(page, 'clients-cursor', 'configured');

    await page.getByRole('button', { name: 'Remove Cursor' }).click();
    await stateBadge(cursor, 'Not configured').waitFor();
    const removed = await readFile(cursorFile, 'utf8');
    expect(removed).not.toContain('aliyun-');
    expect(removed).not.toContain('X-MCP-Gate-Key');
    expect(removed).toContain('// my own servers');
    expect(removed).toContain('"local-tool"');
    await screenshot(page, 'clients-cursor', 'removed');
  });

  it('asks before resetting a client key; the reset writes a new key into the client file', async () => {
    const { page } = session;
    await goTo(page, 'Clients');
    const vscode = page.locator('li[data-client="vscode"]');
    await page.getByRole('button', { name: 'Configure VS Code' }).click();
    await stateBadge(vscode, 'Configured').waitFor();
    const vscodeFile = join(stack.home, '.config', 'Code', 'User', 'mcp.json');
    const before = await readFile(vscodeFile, 'utf8');

    await page.getByRole('button', { name: 'Reset key of VS Code' }).click();
    const question = page.getByRole('group', { name: 'Reset key of VS Code?' });
    await question.waitFor();
    await screenshot(page, 'clients-reset-key', 'confirm');
    await question.getByRole('button', { name: 'Keep the key' }).click();
    await question.waitFor({ state: 'detached' });
    expect(await readFile(vscodeFile, 'utf8')).toBe(before);

    await page.getByRole('button', { name: 'Reset key of VS Code' }).click();
    await question.getByRole('button', { name: 'Reset the key' }).click();
    await question.waitFor({ state: 'detached' });
    await page.getByText('New key for VS Code').waitFor();
    const after = await readFile(vscodeFile, 'utf8');
    expect(after).not.toBe(before);
    expect(keyIn(after)).not.toBe(keyIn(before));
    expect(await stateBadge(vscode, 'Configured').isVisible()).toBe(true);
    await screenshot(page, 'clients-reset-key', 'reset');
  });
});

/** The local key written into a client file. */
function keyIn(text: string): string | undefined {
  return /"X-MCP-Gate-Key"\s*:\s*"([^"]+)"/.exec(text)?.[1];
}
