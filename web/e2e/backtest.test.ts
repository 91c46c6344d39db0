import { beforeAll, describe, expect, it } from 'vitest';

import { ingest, processStarted } from './harness/api.js';
import { openPage, saveScreenshot, shouldSkipBrowserTests, waitMs } from './harness/browser.js';
import { useDashboard } from './harness/dashboard.js';

describe.skipIf(shouldSkipBrowserTests())('the backtest of a rule', () => {
  const dashboard = useDashboard();
  const now = Date.now();
  // Stored in this order (ids 1, 2, 3), so event-id order is not time order.
  const times = [now - 10 * 60_000, now - 30 * 60_000, now - 5 * 60_000].map(
    (time) => new Date(Math.floor(time / 1000) * 1000),
  );

  beforeAll(async () => {
    await ingest(
      dashboard.server.url,
      times.map((time, index) =>
        processStarted({
          host: 'WS-BT-01',
          time,
          pid: 5000 + index,
          guid: `cccccccc-0000-0000-0000-00000000500${index}`,
          path: 'C:\\Tools\\backtest-probe.exe',
        }),
      ),
    );
  });

  it('lists the alerts newest first and agrees each count with its noun', async () => {
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);
    await page.goto('/rules/new');
    await page.getByLabel('Name').fill('Probe');
    await page
      .getByRole('combobox', { name: 'Rule query' })
      .fill('process.name: backtest-probe.exe');
    await page.getByLabel('Period').selectOption('24h');

    await page.getByRole('button', { name: 'Run backtest' }).click();
    const result = page.getByRole('region', { name: 'Backtest result' });
    await result.locator('ol.alerts li').first().waitFor();
    expect(await result.locator('p').first().innerText()).toBe(
      'Over the last 24 hours the rule would have triggered 3 alerts from 3 matching events.',
    );
    expect(
      await result
        .locator('ol.alerts li time')
        .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('datetime'))),
    ).toEqual([times[2], times[0], times[1]].map((time) => time.toISOString()));
    expect(await result.locator('ol.alerts li .muted').first().innerText()).toBe(
      '1 match · WS-BT-01',
    );
    await saveScreenshot(page, 'backtest-newest-first', result);

    await page.getByLabel('Time-Window Count Match').check();
    await page.getByLabel('Number of matches').fill('2');
    await page.getByLabel('Within a window of').fill('1');
    await page.getByLabel('Unit').selectOption('HOURS');
    await page.getByRole('button', { name: 'Run backtest' }).click();
    await expect
      .poll(() => result.locator('p').first().innerText(), { timeout: waitMs })
      .toBe(
        'Over the last 24 hours the rule would have triggered 1 alert from 3 matching events. ' +
          '1 match arrived too late for its window.',
      );
    expect(await result.locator('ol.alerts li').count()).toBe(1);
    await saveScreenshot(page, 'backtest-count-match', result);
    expect(errors).toEqual([]);
    await close();
  });
});
