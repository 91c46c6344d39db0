import { beforeAll, describe, expect, it } from 'vitest';

import { createProcessTree, ingest } from './harness/api.js';
import { openPage, saveScreenshot, shouldSkipBrowserTests, waitMs } from './harness/browser.js';
import { useDashboard } from './harness/dashboard.js';

describe.skipIf(shouldSkipBrowserTests())('the Hunting page', () => {
  const dashboard = useDashboard();

  beforeAll(async () => {
    await ingest(dashboard.server.url, createProcessTree('WS-HUNT-01', new Date()));
  });

  it('finds the events a query matches in the Current State', async () => {
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);
    await page.goto('/hunting');
    await page.locator('table.events tbody tr').first().waitFor();
    expect(await page.getByTestId('event-total').textContent()).toBe('5');

    await page.getByLabel('Search events').fill('process.name: whoami.exe');
    await page.getByRole('button', { name: 'Search', exact: true }).click();

    await expect
      .poll(() => page.getByTestId('event-total').textContent(), { timeout: waitMs })
      .toBe('1');
    const rows = page.locator('table.events tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.locator('td').nth(1).textContent()).toBe('PROCESS STARTED');
    expect(await rows.locator('td.detail').textContent()).toBe('whoami /all');
    expect(
      await page.getByRole('link', { name: 'Create Rule from Search Query' }).getAttribute('href'),
    ).toBe('/rules/new?query=process.name%3A%20whoami.exe');
    expect(errors).toEqual([]);
    await close();
  });

  it('marks where a query is wrong', async () => {
    const { page, close } = await openPage(dashboard.browser, dashboard.server.url);
    await page.goto('/hunting');
    const input = page.getByLabel('Search events');

    await input.fill('type: PROCESS and process.nam: whoami.exe');
    await input.press('Enter');

    const error = page.locator('.query-error');
    await error.waitFor();
    expect(await error.locator('span').first().textContent()).toBe(
      "Unknown event field 'process.nam'; did you mean process.name, process.pid, process.path? (at position 18)",
    );
    expect(await error.locator('mark').textContent()).toBe('process.nam');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('table.events').count()).toBe(0);
    await close();
  });

  it('clears the search when Enter is pressed in an emptied box', async () => {
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);
    await page.goto('/hunting');
    const input = page.getByRole('combobox', { name: 'Search events' });
    const total = page.getByTestId('event-total');
    await expect.poll(() => total.textContent(), { timeout: waitMs }).toBe('5');

    await input.fill('process.name: whoami.exe');
    await input.press('Enter');
    await expect.poll(() => total.textContent(), { timeout: waitMs }).toBe('1');

    await input.fill('');
    await page.getByRole('listbox', { name: 'Field names' }).waitFor();
    await input.press('Enter');
    await expect.poll(() => total.textContent(), { timeout: waitMs }).toBe('5');
    expect(await input.inputValue()).toBe('');
    expect(await page.getByRole('list', { name: 'Search terms' }).count()).toBe(0);
    expect(await page.locator('table.events tbody tr').count()).toBe(5);
    await saveScreenshot(page, 'hunting-emptied-search');
    expect(errors).toEqual([]);
    await close();
  });

  it('puts in a field name only once one is typed or moved to', async () => {
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);
    await page.goto('/hunting');
    const input = page.getByRole('combobox', { name: 'Search events' });
    const options = page.getByRole('listbox', { name: 'Field names' }).getByRole('option');

    await input.pressSequentially('proc');
    await options.first().waitFor();
    await input.press('Enter');
    expect(await input.inputValue()).toBe('process.name: ');

    await input.fill('');
    await options.first().waitFor();
    expect(await options.first().textContent()).toBe('type');
    expect(await options.first().getAttribute('aria-selected')).toBe('false');
    await input.press('ArrowDown');
    expect(await options.first().getAttribute('aria-selected')).toBe('true');
    await input.press('Enter');
    expect(await input.inputValue()).toBe('type: ');
    expect(errors).toEqual([]);
    await close();
  });

  it('keeps the query and the range in the URL, so Back and bookmarks restore them', async () => {
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);
    await page.goto('/hunting');
    const input = page.getByRole('combobox', { name: 'Search events' });
    const range = page.getByLabel('Time range', { exact: true });
    const total = page.getByTestId('event-total');
    await expect.poll(() => total.textContent(), { timeout: waitMs }).toBe('5');

    await input.fill('process.name: whoami.exe');
    await input.press('Enter');
    await page.waitForURL(`${dashboard.server.url}/hunting?query=process.name%3A+whoami.exe`);
    await range.selectOption('24h');
    const searched = `${dashboard.server.url}/hunting?query=process.name%3A+whoami.exe&range=24h`;
    await page.waitForURL(searched);
    await expect.poll(() => total.textContent(), { timeout: waitMs }).toBe('1');

    await page.locator('table.events tbody tr a').first().click();
    await page.waitForURL(/\/events\/\d+$/);
    await page.goBack();
    await page.waitForURL(searched);
    await expect.poll(() => total.textContent(), { timeout: waitMs }).toBe('1');
    expect(await input.inputValue()).toBe('process.name: whoami.exe');
    expect(await range.inputValue()).toBe('24h');
    expect(await page.getByRole('list', { name: 'Search terms' }).innerText()).toBe(
      'process.name: whoami.exe\n×',
    );
    await saveScreenshot(page, 'hunting-back-from-event');

    await page.goBack();
    await page.waitForURL(`${dashboard.server.url}/hunting?query=process.name%3A+whoami.exe`);
    await expect.poll(() => range.inputValue(), { timeout: waitMs }).toBe('current');
    expect(await input.inputValue()).toBe('process.name: whoami.exe');

    await page.goto('/hunting?query=type%3A+MUTEX&range=7d');
    await expect.poll(() => total.textContent(), { timeout: waitMs }).toBe('1');
    expect(await input.inputValue()).toBe('type: MUTEX');
    expect(await range.inputValue()).toBe('7d');
    expect(await page.locator('table.events tbody td.detail').textContent()).toBe(
      '\\MSSE-4242-server',
    );
    expect(errors).toEqual([]);
    await close();
  });
  it('keeps the text being typed when only the range changes', async () => {
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);
    await page.goto('/hunting?query=type%3A+MUTEX');
    const input = page.getByRole('combobox', { name: 'Search events' });
    const total = page.getByTestId('event-total');
    await expect.poll(() => total.textContent(), { timeout: waitMs }).toBe('1');

    await input.fill('process.name: whoami.exe');
    await page.getByLabel('Time range', { exact: true }).selectOption('7d');

    await page.waitForURL(`${dashboard.server.url}/hunting?query=type%3A+MUTEX&range=7d`);
    await expect.poll(() => total.textContent(), { timeout: waitMs }).toBe('1');
    expect(await input.inputValue()).toBe('process.name: whoami.exe');
    expect(errors).toEqual([]);
    await close();
  });
});
