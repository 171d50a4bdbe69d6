import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Where every browser test saves its screenshots (git-ignored). */
export const SCREENSHOT_DIR = join('test-results', 'browser');

/** Debian's Chromium; the tests never download a browser. */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** How the page is looked at: window size, zoom and colour scheme. */
export interface SessionOptions {
  readonly viewport?: { readonly width: number; readonly height: number };
  readonly deviceScaleFactor?: number;
  readonly colorScheme?: 'light' | 'dark';
}

/** A headless Chromium with one page. */
export interface BrowserSession {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** Launches headless Chromium with one blank page in a fresh context. */
export async function launchBrowser(options: SessionOptions = {}): Promise<BrowserSession> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1200, height: 800 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  return { browser, context, page, close: () => browser.close() };
}

/** Launches headless Chromium and opens the settings window at `url` (with its token). */
export async function openBrowser(
  url: string,
  options: SessionOptions = {},
): Promise<BrowserSession> {
  const session = await launchBrowser(options);
  await session.page.goto(url);
  await session.page.getByRole('navigation', { name: 'Settings pages' }).waitFor();
  return session;
}

/** Saves a full-page screenshot as `test-results/browser/<test>-<step>.png`. */
export async function screenshot(page: Page, test: string, step: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${test}-${step}.png`), fullPage: true });
}
