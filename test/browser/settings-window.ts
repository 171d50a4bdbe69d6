import type { Locator, Page } from 'playwright-core';
import { DEFAULT_LOGIN } from '../fixtures/local-cloud';
import { startUiStack, type UiStack } from '../fixtures/ui-stack';
import { completeSignIn } from '../fixtures/local-cloud';
import { openBrowser, type BrowserSession } from './browser-session';

/** The page names of the settings window's nav. */
export type PageName = 'Account' | 'Servers' | 'Clients' | 'Guard' | 'Activity' | 'Proxy';

/** Opens a page from the nav and waits for its heading and its first data. */
export async function goTo(page: Page, name: PageName): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Settings pages' })
    .getByRole('link', { name })
    .click();
  await page.getByRole('heading', { level: 2, name }).waitFor();
  await page.locator('.loading').first().waitFor({ state: 'detached' });
}

/** The header line that shows the account and proxy state. */
export function headerStatus(page: Page): Locator {
  return page.getByTestId('header-status');
}

/** Waits until the header says `text`. */
export async function waitForHeader(page: Page, text: string): Promise<void> {
  await headerStatus(page).filter({ hasText: text }).waitFor();
}

/**
 * Signs in the way a person does: Sign in on the Account page, follow "Open the sign-in page
 * again" to the local cloud's real login and consent pages, submit them, and let the browser
 * land on the proxy's callback.
 */
export async function signInThroughBrowser(
  page: Page,
  login: string = DEFAULT_LOGIN,
): Promise<Page> {
  await goTo(page, 'Account');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const link = page.getByRole('link', { name: 'Open the sign-in page again' });
  const [cloudPage] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
  await cloudPage.locator('input[name="login"]').fill(login);
  await cloudPage.locator('input[name="password"]').fill('any-password');
  await cloudPage.locator('button[type="submit"]').click();
  await cloudPage.locator('input[name="prompt"][value="consent"]').waitFor({ state: 'attached' });
  await cloudPage.locator('button[type="submit"]').click();
  await cloudPage.waitForURL((url) => url.pathname === '/callback');
  return cloudPage;
}

/** Signs the stack in from Node (for tests about something else than sign-in). */
export async function signInFromNode(stack: UiStack): Promise<void> {
  const { authorizationUrl } = await stack.service.handlers['account:signIn']({});
  const result = await completeSignIn(authorizationUrl);
  if (result.callbackStatus !== 200) {
    throw new Error(`sign-in callback answered ${String(result.callbackStatus)}`);
  }
}

/** A stack signed in from Node and the settings window open on it, its header saying so. */
export async function openSignedInWindow(): Promise<{
  readonly stack: UiStack;
  readonly session: BrowserSession;
}> {
  const stack = await startUiStack();
  await signInFromNode(stack);
  const session = await openBrowser(stack.url);
  await waitForHeader(session.page, 'Signed in as');
  return { stack, session };
}

/** Closes the window, then the stack (either may be missing when set-up failed). */
export async function closeWindow(
  session: BrowserSession | undefined,
  stack: UiStack | undefined,
): Promise<void> {
  await session?.close();
  await stack?.close();
}

/** Closes every toast, as a person would before reaching the controls they cover. */
export async function dismissToasts(page: Page): Promise<void> {
  const close = page.getByRole('button', { name: /^Dismiss: / });
  while ((await close.count()) > 0) await close.first().click();
}
