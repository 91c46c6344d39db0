import { describe, expect, it } from 'vitest';

import { openPage, shouldSkipBrowserTests, waitMs } from './harness/browser.js';
import { useDashboard } from './harness/dashboard.js';

describe.skipIf(shouldSkipBrowserTests())('the dashboard shell', () => {
  const dashboard = useDashboard();

  it('serves every section from the fallback page and connects for live updates', async () => {
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);

    await page.goto('/rules');
    await expect
      .poll(() => page.locator('nav [aria-current="page"]').textContent(), { timeout: waitMs })
      .toBe('Rules');
    await expect
      .poll(() => page.getByRole('status').first().textContent(), { timeout: waitMs })
      .toContain('Live');

    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Hunting' })
      .click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: waitMs }).toBe('Hunting');
    expect(page.url()).toBe(`${dashboard.server.url}/hunting`);
    expect(errors).toEqual([]);
    await close();
  });
});
