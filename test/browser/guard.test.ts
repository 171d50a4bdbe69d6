import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UiStack } from '../fixtures/ui-stack';
import { screenshot, type BrowserSession } from './browser-session';
import { callTool, proxiedMcpUrl } from './proxy-client';
import { dismissToasts, goTo, closeWindow, openSignedInWindow } from './settings-window';

const DELETE = 'Ecs-20140526-DeleteInstance';

let stack: UiStack;
let session: BrowserSession;

beforeAll(async () => {
  ({ stack, session } = await openSignedInWindow());
});

afterAll(() => closeWindow(session, stack));

describe('Guard', () => {
  it('asks in a dialog for each held call, one at a time: Allow once runs it, Deny does not', async () => {
    const { page } = session;
    const url = proxiedMcpUrl(stack, 'demo');
    const dialog = page.getByRole('dialog', { name: 'Allow this tool call?' });

    const first = callTool(url, DELETE, { InstanceId: 'i-guard-first' });
    await dialog.getByText('i-guard-first').waitFor();
    const second = callTool(url, DELETE, { InstanceId: 'i-guard-second' });
    await dialog.getByText('1 more question is waiting after this one.').waitFor();
    expect(await dialog.getByText(DELETE).isVisible()).toBe(true);
    expect(await dialog.getByText('demo', { exact: true }).isVisible()).toBe(true);
    expect(await dialog.getByText(/Denied automatically in \d+ s/).isVisible()).toBe(true);
    expect(stack.cloud.deletedInstances).toEqual([]);
    await screenshot(page, 'guard-dialog', 'first-question');

    await dialog.getByRole('button', { name: 'Allow once' }).click();
    const allowed = await first;
    expect(allowed.isError).toBe(false);
    expect(stack.cloud.deletedInstances).toEqual(['i-guard-first']);
    await dialog.getByText('i-guard-second').waitFor();
    expect(await dialog.getByText('more question').count()).toBe(0);
    await screenshot(page, 'guard-dialog', 'second-question');

    await dialog.getByRole('button', { name: 'Deny' }).click();
    const denied = await second;
    expect(denied.isError).toBe(true);
    expect(denied.text).toContain('MCP Gate did not run the tool');
    await dialog.waitFor({ state: 'hidden' });
    expect(stack.cloud.deletedInstances).toEqual(['i-guard-first']);

    await goTo(page, 'Activity');
    const rows = page.locator('table.activity-table tbody tr', { hasText: DELETE });
    await rows.filter({ hasText: 'Asked, denied' }).first().waitFor();
    await rows.filter({ hasText: 'Asked, allowed' }).first().waitFor();
    await screenshot(page, 'guard-dialog', 'activity-decisions');

    await page.getByLabel('Guard decision').selectOption('ask-denied');
    await rows.filter({ hasText: 'Asked, allowed' }).first().waitFor({ state: 'detached' });
    expect(await rows.filter({ hasText: 'Asked, denied' }).count()).toBeGreaterThan(0);
    expect(await page.locator('table.activity-table tbody tr').count()).toBe(
      await rows.filter({ hasText: 'Asked, denied' }).count(),
    );
    await screenshot(page, 'guard-dialog', 'activity-filtered-by-decision');
  });

  it('the Guard page sets the preset and rules, and the proxy follows them', async () => {
    const { page } = session;
    const url = proxiedMcpUrl(stack, 'demo');
    await goTo(page, 'Guard');
    await dismissToasts(page);

    await page.getByRole('radio', { name: /Read-only/ }).check();
    await page.locator('input[type="radio"][value="read-only"]:checked').waitFor();
    const readOnly = await callTool(url, DELETE, { InstanceId: 'i-read-only' });
    expect(readOnly.isError).toBe(true);
    expect(await page.getByRole('dialog').isVisible()).toBe(false);
    await screenshot(page, 'guard-page', 'read-only');

    const addRule = page.getByRole('form', { name: 'Add a rule' });
    await addRule.getByLabel('Tool', { exact: true }).fill('Ecs-*-DeleteInstance');
    await addRule.getByLabel('Server (optional)').fill('demo');
    await addRule.getByLabel('Action').selectOption('allow');
    await addRule.getByRole('button', { name: 'Add rule' }).click();
    const ruleRow = page.locator('table tbody tr', { hasText: 'Ecs-*-DeleteInstance' });
    await ruleRow.waitFor();
    const byRule = await callTool(url, DELETE, { InstanceId: 'i-by-rule' });
    expect(byRule.isError).toBe(false);
    expect(stack.cloud.deletedInstances).toContain('i-by-rule');
    await screenshot(page, 'guard-page', 'rule-added');

    await ruleRow.getByRole('button', { name: /^Remove rule/ }).click();
    await ruleRow.waitFor({ state: 'detached' });
    const afterRemoval = await callTool(url, DELETE, { InstanceId: 'i-after-removal' });
    expect(afterRemoval.isError).toBe(true);
    expect(stack.cloud.deletedInstances).not.toContain('i-after-removal');
    await screenshot(page, 'guard-page', 'rule-removed');
  });
});
