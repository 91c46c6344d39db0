import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

// TELLTALE_CHROMIUM names another Chromium binary; when set, only that one is tried.
const candidates = process.env.TELLTALE_CHROMIUM
  ? [process.env.TELLTALE_CHROMIUM]
  : ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];

/** How long a browser test waits for the page (CI machines are shared and may be slow). */
export const waitMs = 15_000;

export const chromiumPath = candidates.find((path) => existsSync(path)) ?? null;

/** Whether browser tests must run: CI sets TELLTALE_REQUIRE_BROWSER=1. */
export const isBrowserRequired = process.env.TELLTALE_REQUIRE_BROWSER === '1';

/**
 * Whether to skip the browser tests: true, with a message, when Chromium is absent.
 * Throws instead when the browser is required, so CI cannot pass without running them.
 */
export function shouldSkipBrowserTests(): boolean {
  if (chromiumPath) return false;
  if (isBrowserRequired) {
    throw new Error(
      `TELLTALE_REQUIRE_BROWSER=1 but no Chromium was found at ${candidates.join(' or ')}: ` +
        'install it with `apt-get install chromium`',
    );
  }
  console.warn(
    `Skipping the browser tests: no Chromium at ${candidates.join(' or ')} ` +
      '(apt-get install chromium). Set TELLTALE_REQUIRE_BROWSER=1 to make its absence fail.',
  );
  return true;
}

/** Launches headless Chromium with the flags this machine needs. */
export function launchBrowser(): Promise<Browser> {
  if (!chromiumPath) throw new Error('Chromium is not installed');
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Opens a page whose console errors and failed requests are collected, so a test can assert
 * that the app ran cleanly. The browser's time zone is UTC unless `timezoneId` names another.
 */
export async function openPage(
  browser: Browser,
  baseUrl: string,
  { timezoneId = 'UTC' }: { timezoneId?: string } = {},
): Promise<TestPage> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1400, height: 900 },
    timezoneId,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(waitMs);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors, close: () => context.close() };
}

/**
 * Saves a screenshot as `<name>.png` in the folder TELLTALE_E2E_SCREENSHOTS names, for
 * reviewing what a test saw; does nothing when it is not set. With `focus`, the viewport
 * scrolled to it; otherwise the whole page.
 */
export async function saveScreenshot(page: Page, name: string, focus?: Locator): Promise<void> {
  const folder = process.env.TELLTALE_E2E_SCREENSHOTS;
  if (!folder) return;
  await focus?.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: !focus });
}

export interface TestPage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
  close(): Promise<void>;
}
