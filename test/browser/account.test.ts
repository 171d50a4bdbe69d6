import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOGIN } from '../fixtures/local-cloud';
import { startUiStack, type UiStack } from '../fixtures/ui-stack';
import { openBrowser, screenshot, type BrowserSession } from './browser-session';
import { goTo, headerStatus, signInThroughBrowser, waitForHeader } from './settings-window';

let stack: UiStack;
let session: BrowserSession;

beforeAll(async () => {
  stack = await startUiStack();
  session = await openBrowser(stack.url);
});

afterAll(async () => {
  await session?.close();
  await stack?.close();
});

describe('Account page', () => {
  it('signs in through the local cloud login and consent pages and the header turns to signed in', async () => {
    const { page } = session;
    await goTo(page, 'Account');
    expect(await headerStatus(page).textContent()).toContain('Signed out');
    await screenshot(page, 'sign-in', 'signed-out');

    const cloudPage = await signInThroughBrowser(page);
    await screenshot(cloudPage, 'sign-in', 'callback-page');
    await waitForHeader(page, `Signed in as ${DEFAULT_LOGIN}`);
    await page.getByText('Waiting for you in the browser…').waitFor({ state: 'detached' });

    expect(await headerStatus(page).textContent()).toContain(`Signed in as ${DEFAULT_LOGIN}`);
    const signInCard = page.getByRole('region', { name: 'Sign-in' });
    expect(await signInCard.getByText('Signed in', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    expect(
      stack.cloud.tokenRequests.some((form) => form['grant_type'] === 'authorization_code'),
    ).toBe(true);
    await screenshot(page, 'sign-in', 'signed-in');
    await cloudPage.close();
  });

  it('signs out: the refresh token is revoked and the header says signed out', async () => {
    const { page } = session;
    await goTo(page, 'Account');
    if (!(await page.getByRole('button', { name: 'Sign out' }).isVisible())) {
      await (await signInThroughBrowser(page)).close();
      await waitForHeader(page, 'Signed in as');
    }
    await screenshot(page, 'sign-out', 'before');
    const revokedBefore = stack.cloud.revokeRequests.length;

    await page.getByRole('button', { name: 'Sign out' }).click();
    await waitForHeader(page, 'Signed out');

    expect(await headerStatus(page).textContent()).toContain('Signed out');
    expect(await page.getByRole('button', { name: 'Sign in', exact: true }).isVisible()).toBe(true);
    expect(stack.cloud.revokeRequests.length).toBeGreaterThan(revokedBefore);
    await screenshot(page, 'sign-out', 'signed-out');
  });
});
