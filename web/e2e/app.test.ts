import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchBrowser, openPage, shouldSkipBrowserTests } from './harness/browser.js';
import { missingBuild, startServer, type TestServer } from './harness/server.js';

describe.skipIf(shouldSkipBrowserTests())('the dashboard shell', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    const missing = missingBuild();
    if (missing) throw new Error(missing);
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('serves every section from the fallback page and connects for live updates', async () => {
    const { page, errors, close } = await openPage(browser, server.url);

    await page.goto('/rules');
    await expect.poll(() => page.locator('nav [aria-current="page"]').textContent()).toBe('Rules');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Live');

    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Hunting' })
      .click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Hunting');
    expect(page.url()).toBe(`${server.url}/hunting`);
    expect(errors).toEqual([]);
    await close();
  });
});
