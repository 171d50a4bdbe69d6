import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUiStack, type UiStack } from '../fixtures/ui-stack';
import { openBrowser, screenshot, type BrowserSession } from './browser-session';
import { goTo, type PageName } from './settings-window';

const PAGES: readonly PageName[] = ['Account', 'Servers', 'Clients', 'Guard', 'Activity', 'Proxy'];

let stack: UiStack;
let session: BrowserSession | undefined;

beforeAll(async () => {
  stack = await startUiStack();
});

afterAll(async () => {
  await session?.close();
  await stack?.close();
});

/** How far the document is wider than the window (0 when nothing overflows sideways). */
function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
}

/** Relative luminance (0 black … 1 white) of the page background. */
async function backgroundLuminance(page: Page): Promise<number> {
  const colour = await page.evaluate<string>(
    'getComputedStyle(document.documentElement).backgroundColor',
  );
  const [r = 0, g = 0, b = 0] = (colour.match(/[\d.]+/g) ?? [])
    .slice(0, 3)
    .map((part) => Number(part) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('layout and themes', () => {
  it('at 200 % zoom in the dark scheme every page keeps its nav and nothing overflows sideways', async () => {
    // a 1280×800 window at 200 %: 640×400 CSS pixels, two device pixels each
    session = await openBrowser(stack.url, {
      viewport: { width: 640, height: 400 },
      deviceScaleFactor: 2,
      colorScheme: 'dark',
    });
    const { page } = session;
    expect(await backgroundLuminance(page)).toBeLessThan(0.2);
    for (const name of PAGES) {
      await goTo(page, name);
      const nav = page.getByRole('navigation', { name: 'Settings pages' });
      for (const other of PAGES) {
        expect(await nav.getByRole('link', { name: other }).isVisible()).toBe(true);
      }
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, 'zoom-200-dark', name.toLowerCase());
    }
    await session.close();
    session = undefined;
  });

  it('the Theme select overrides the system scheme and is kept after a reload', async () => {
    session = await openBrowser(stack.url, { colorScheme: 'dark' });
    const { page } = session;
    expect(await backgroundLuminance(page)).toBeLessThan(0.2);
    await page.getByLabel('Theme').selectOption('light');
    expect(await backgroundLuminance(page)).toBeGreaterThan(0.8);
    await screenshot(page, 'theme', 'light-chosen');

    await page.reload();
    await page.getByRole('navigation', { name: 'Settings pages' }).waitFor();
    expect(await page.getByLabel('Theme').inputValue()).toBe('light');
    expect(await backgroundLuminance(page)).toBeGreaterThan(0.8);
    expect(await page.getByTestId('header-status').textContent()).toContain('Proxy on');
    await screenshot(page, 'theme', 'after-reload');
    await session.close();
    session = undefined;
  });

  it('the nav works from the keyboard and shows where focus is', async () => {
    session = await openBrowser(stack.url);
    const { page } = session;
    const servers = page.getByRole('navigation', { name: 'Settings pages' }).getByRole('link', {
      name: 'Servers',
    });
    await servers.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Servers' }).waitFor();
    expect(await servers.getAttribute('aria-current')).toBe('page');
    await servers.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('Servers');
    const outline = await page.evaluate<string>(
      'getComputedStyle(document.activeElement).outlineStyle',
    );
    expect(outline).toBe('solid');
    await screenshot(page, 'keyboard-nav', 'servers-focused');
    await session.close();
    session = undefined;
  });
});
