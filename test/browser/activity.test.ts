import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UiStack } from '../fixtures/ui-stack';
import { screenshot, type BrowserSession } from './browser-session';
import { callTool, postInitialize, proxiedMcpUrl } from './proxy-client';
import { goTo, closeWindow, openSignedInWindow } from './settings-window';

const TOOL = 'Ecs-20140526-DescribeInstances';

let stack: UiStack;
let session: BrowserSession;

beforeAll(async () => {
  ({ stack, session } = await openSignedInWindow());
});

afterAll(() => closeWindow(session, stack));

/** Marks the loaded document, so a test can tell that the page was not reloaded. */
async function markDocument(session: BrowserSession): Promise<void> {
  await session.page.evaluate("document.documentElement.setAttribute('data-test-mark', 'kept')");
}

async function documentStillMarked(session: BrowserSession): Promise<boolean> {
  return (await session.page.locator('html').getAttribute('data-test-mark')) === 'kept';
}

describe('Activity page', () => {
  it('shows a proxied tool call as soon as it happens, without a reload', async () => {
    const { page } = session;
    await goTo(page, 'Activity');
    await page.getByText('No requests yet.').waitFor();
    await screenshot(page, 'activity-live', 'empty');
    await markDocument(session);

    await callTool(proxiedMcpUrl(stack, 'demo'), TOOL, { RegionId: 'cn-hangzhou' });

    const row = page.locator('table.activity-table tbody tr', { hasText: TOOL });
    await row.first().waitFor();
    const text = (await row.first().textContent()) ?? '';
    expect(text).toContain('demo');
    expect(text).toContain('tools/call');
    expect(text).toContain('200');
    expect(await documentStillMarked(session)).toBe(true);
    await screenshot(page, 'activity-live', 'tool-call-row');
  });

  it('marks a blocked request with its reason, and the outcome filter keeps only matching live rows', async () => {
    const { page } = session;
    await goTo(page, 'Activity');
    await page.locator('table.activity-table').waitFor();
    await markDocument(session);
    await stack.service.handlers['servers:setAllowed']({ name: 'other', allowed: false });

    expect((await postInitialize(proxiedMcpUrl(stack, 'other'))).status).toBe(403);
    const blocked = page.locator('tr[data-outcome="blocked"]', { hasText: 'other' });
    await blocked.first().waitFor();
    expect(await blocked.first().getByText('Blocked', { exact: true }).isVisible()).toBe(true);
    expect(await blocked.first().locator('.reason').textContent()).toMatch(/\S/);
    await screenshot(page, 'activity-blocked', 'marked-row');

    await page.getByLabel('Outcome').selectOption('blocked');
    await page.locator('tr[data-outcome="ok"]').first().waitFor({ state: 'detached' });
    const blockedBefore = await page.locator('tr[data-outcome="blocked"]').count();
    await callTool(proxiedMcpUrl(stack, 'demo'), TOOL, {});
    expect((await postInitialize(proxiedMcpUrl(stack, 'other'))).status).toBe(403);
    await page.locator('tr[data-outcome="blocked"]').nth(blockedBefore).waitFor();
    expect(await page.locator('tr[data-outcome="ok"]').count()).toBe(0);
    expect(await documentStillMarked(session)).toBe(true);
    await screenshot(page, 'activity-blocked', 'filtered');
  });
});
