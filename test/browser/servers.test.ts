import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UiStack } from '../fixtures/ui-stack';
import { screenshot, type BrowserSession } from './browser-session';
import { callTool, postInitialize, proxiedMcpUrl } from './proxy-client';
import { dismissToasts, goTo, closeWindow, openSignedInWindow } from './settings-window';

let stack: UiStack;
let session: BrowserSession;

beforeAll(async () => {
  ({ stack, session } = await openSignedInWindow());
});

afterAll(() => closeWindow(session, stack));

describe('Servers page', () => {
  it('a server switched off is refused by the proxy with 403, and allowed again when switched on', async () => {
    const { page } = session;
    await goTo(page, 'Servers');
    const allowDemo = page.getByRole('switch', { name: 'Allow demo' });
    expect(await allowDemo.getAttribute('aria-checked')).toBe('true');
    await screenshot(page, 'servers-toggle', 'all-allowed');
    const url = proxiedMcpUrl(stack, 'demo');

    await allowDemo.click();
    await page.locator('[role="switch"][aria-label="Allow demo"][aria-checked="false"]').waitFor();
    await page.locator('tr[data-server="demo"]').getByText('Blocked', { exact: true }).waitFor();
    await screenshot(page, 'servers-toggle', 'demo-off');

    const refused = await postInitialize(url);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('demo');
    const other = await postInitialize(proxiedMcpUrl(stack, 'other'));
    expect(other.status).toBe(200);

    await allowDemo.click();
    await page.locator('[role="switch"][aria-label="Allow demo"][aria-checked="true"]').waitFor();
    await page.locator('tr[data-server="demo"]').getByText('Allowed', { exact: true }).waitFor();
    await screenshot(page, 'servers-toggle', 'demo-on-again');

    const result = await callTool(url, 'Ecs-20140526-DescribeInstances', {
      RegionId: 'cn-hangzhou',
    });
    expect(result.isError).toBe(false);
    expect(result.text).toContain('TotalCount');
  });

  it('the switch works from the keyboard', async () => {
    const { page } = session;
    await goTo(page, 'Servers');
    await page.getByRole('switch', { name: 'Allow other' }).focus();
    await page.keyboard.press('Space');
    await page.locator('[role="switch"][aria-label="Allow other"][aria-checked="false"]').waitFor();
    expect((await postInitialize(proxiedMcpUrl(stack, 'other'))).status).toBe(403);
    await screenshot(page, 'servers-keyboard', 'other-off');
    await page.getByRole('switch', { name: 'Allow other' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('[role="switch"][aria-label="Allow other"][aria-checked="true"]').waitFor();
    expect((await postInitialize(proxiedMcpUrl(stack, 'other'))).status).toBe(200);
  });

  it('an endpoint URL the core cannot read is refused with its message in words, not a stack', async () => {
    const { page } = session;
    await goTo(page, 'Servers');
    await dismissToasts(page);
    await page
      .getByLabel('Endpoint URL', { exact: true })
      .fill('https://example.com/not/an/mcp/server');
    await page.getByRole('button', { name: 'Add server' }).click();
    const toast = page
      .getByRole('status', { name: 'Notifications' })
      .getByText('Could not add the server');
    await toast.waitFor();
    const text = (await page.getByRole('status', { name: 'Notifications' }).textContent()) ?? '';
    expect(text).not.toMatch(/\bat .+:\d+:\d+/);
    expect(text.length).toBeGreaterThan('Could not add the server'.length + 10);
    await screenshot(page, 'servers-add-error', 'toast');
  });
});
