import { beforeAll, describe, expect, it } from 'vitest';

import { ingest, processStarted } from './harness/api.js';
import { openPage, saveScreenshot, shouldSkipBrowserTests, waitMs } from './harness/browser.js';
import { useDashboard } from './harness/dashboard.js';

describe.skipIf(shouldSkipBrowserTests())('a query error', () => {
  const dashboard = useDashboard();

  beforeAll(async () => {
    const end = Date.now();
    // More than a page of live processes, so Next page is enabled before the error.
    await ingest(
      dashboard.server.url,
      Array.from({ length: 60 }, (_, index) =>
        processStarted({
          host: 'WS-ERR-01',
          time: new Date(end - index * 1000),
          pid: 7000 + index,
          guid: `dddddddd-0000-0000-0000-${String(7000 + index).padStart(12, '0')}`,
          path: 'C:\\Windows\\System32\\taskkill.exe',
        }),
      ),
    );
  });

  it("leaves none of the previous search's results, counts or pages on Hunting", async () => {
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);
    await page.goto('/hunting');
    const input = page.getByRole('combobox', { name: 'Search events' });
    const next = page.getByRole('button', { name: 'Next page' });
    const histogram = page.getByRole('figure', { name: 'Events over time' });
    await expect
      .poll(() => page.getByTestId('event-total').textContent(), { timeout: waitMs })
      .toBe('60');
    await expect.poll(() => next.isEnabled(), { timeout: waitMs }).toBe(true);
    expect(await histogram.locator('figcaption .muted').textContent()).toBe('60 events');

    await input.fill('proces.name: taskkill.exe');
    await input.press('Enter');
    await page.locator('.query-error').waitFor();

    expect(await page.getByTestId('event-total').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Filter by type/ }).count()).toBe(0);
    expect(await histogram.locator('figcaption .muted').textContent()).toBe('');
    expect(await histogram.locator('button.bar').count()).toBe(0);
    expect(await histogram.locator('.none').textContent()).toBe('Fix the query to see the counts.');
    expect(await next.isDisabled()).toBe(true);
    expect(
      await page.locator('section.results').getByText('Fix the query to see results.').count(),
    ).toBe(1);
    await saveScreenshot(page, 'hunting-query-error-no-stale-results');
    expect(errors).toEqual([]);
    await close();
  });

  it('leaves the rule editor once the query text changes or a test of it succeeds', async () => {
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);
    await page.goto('/rules/new');
    const input = page.getByRole('combobox', { name: 'Rule query' });
    const queryError = page.locator('.query-error');
    const notSaved = page.getByRole('alert').filter({ hasText: 'The rule was not saved' });
    await page.getByLabel('Name').fill('Taskkill');

    await input.fill('proces.name: taskkill.exe');
    await page.getByRole('button', { name: 'Create rule' }).click();
    await notSaved.waitFor();
    expect(await notSaved.locator('strong').textContent()).toBe(
      'The rule was not saved: fix the query',
    );
    expect(await queryError.locator('mark').textContent()).toBe('proces.name');
    expect(await input.getAttribute('aria-invalid')).toBe('true');

    await input.fill('process.name: taskkill.exe');
    expect(await notSaved.count()).toBe(0);
    expect(await queryError.count()).toBe(0);
    expect(await input.getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('button', { name: 'Test Query' }).click();
    await expect
      .poll(() => page.getByTestId('test-query-count').textContent(), { timeout: waitMs })
      .toBe('60');
    expect(await queryError.count()).toBe(0);
    await saveScreenshot(page, 'rule-editor-query-fixed', page.locator('.tested'));

    await input.fill('process.nam: taskkill.exe');
    await page.getByRole('button', { name: 'Run backtest' }).click();
    await queryError.waitFor();
    expect(await queryError.locator('mark').textContent()).toBe('process.nam');
    expect(await page.getByText('Fix the query above, then run the backtest again.').count()).toBe(
      1,
    );
    expect(await page.getByTestId('test-query-count').textContent()).toBe('60');

    await input.fill('process.name: taskkill.exe');
    expect(await queryError.count()).toBe(0);
    expect(await page.getByText('Fix the query above, then run the backtest again.').count()).toBe(
      0,
    );
    expect(errors).toEqual([]);
    await close();
  });
});
