import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { graphql, ingest, processStarted } from './harness/api.js';
import { openPage, saveScreenshot, shouldSkipBrowserTests, waitMs } from './harness/browser.js';
import { useDashboard } from './harness/dashboard.js';
import { startReceiver, type WebhookReceiver } from './harness/receiver.js';

const createAction = `mutation ($input: ActionInput!) { createAction(input: $input) { id } }`;
const createRule = `mutation ($input: RuleInput!) { createRule(input: $input) { id } }`;

describe.skipIf(shouldSkipBrowserTests())('the Activity page', () => {
  const dashboard = useDashboard();
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await receiver?.close();
  });

  it('shows an alert that arrives live after its events are ingested, then its delivery', async () => {
    const { createAction: action } = await graphql<{ createAction: { id: string } }>(
      dashboard.server.url,
      createAction,
      {
        input: {
          name: 'SOC webhook',
          settings: { type: 'WEBHOOK', webhook: { url: `${receiver.url}/alerts` } },
        },
      },
    );
    await graphql(dashboard.server.url, createRule, {
      input: {
        name: 'Discovery: whoami',
        query: 'process.name: whoami.exe',
        severity: 'HIGH',
        trigger: { type: 'SINGLE_MATCH' },
        actionIds: [action.id],
      },
    });
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);
    await page.goto('/');
    await page.getByText('No alerts in this range').waitFor();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();

    const summary = await ingest(dashboard.server.url, [
      processStarted({
        host: 'WS-LIVE-01',
        time: new Date(),
        pid: 4242,
        guid: 'bbbbbbbb-0000-0000-0000-000000004242',
        path: 'C:\\Windows\\System32\\whoami.exe',
        commandLine: 'whoami /all',
      }),
    ]);
    expect(summary.accepted).toBe(1);

    const alert = page.locator('li.alert');
    await alert.first().waitFor();
    expect(await alert.count()).toBe(1);
    expect(await alert.locator('.rule').textContent()).toBe('Discovery: whoami');
    expect(await alert.locator('.count').textContent()).toBe('1 match');
    expect(await alert.locator('.host').textContent()).toBe('WS-LIVE-01');
    expect(await alert.getAttribute('class')).toContain('fresh');
    expect(await page.locator('.list-head .total').textContent()).toBe('1');
    await expect
      .poll(() => page.locator('figure.histogram figcaption .muted').textContent(), {
        timeout: waitMs,
      })
      .toBe('1 alert');

    const delivery = alert.locator('li.delivery');
    await delivery.locator('.status.success').waitFor();
    expect(await delivery.count()).toBe(1);
    expect(await delivery.locator('.action').textContent()).toBe('SOC webhook');
    expect(await delivery.locator('.status').textContent()).toBe('Success');
    expect(receiver.requests.map((request) => request.path)).toEqual(['/alerts']);
    expect(page.url()).toBe(`${dashboard.server.url}/`);
    expect(errors).toEqual([]);
    await close();
  });

  it("marks a search error in the analyst's own text", async () => {
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);
    await page.goto('/');
    const input = page.getByRole('combobox', { name: 'Search alerts' });

    await input.fill('title: "unterminated');
    await input.press('Enter');

    const error = page.locator('.query-error');
    await error.waitFor();
    expect(await error.locator('span').first().textContent()).toBe(
      'search: Missing closing ": the value starting here is never closed (at position 7)',
    );
    expect(await error.locator('mark').textContent()).toBe('"');
    expect(await error.locator('button.marked').textContent()).toBe('title: "unterminated');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('li.alert').count()).toBe(0);
    await saveScreenshot(page, 'activity-unterminated-quote');
    expect(errors).toEqual([]);
    await close();
  });

  it('clears the search when Enter is pressed in an emptied box', async () => {
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);
    await page.goto('/');
    const input = page.getByRole('combobox', { name: 'Search alerts' });
    const total = page.locator('.list-head .total');
    await expect.poll(() => total.textContent(), { timeout: waitMs }).not.toBe('');
    const unfiltered = await total.textContent();

    await input.fill('severity: LOW');
    await input.press('Enter');
    await page.getByText('No alerts in this range').waitFor();
    expect(await total.textContent()).toBe('0');
    expect(await page.getByRole('list', { name: 'Search terms' }).textContent()).toContain(
      'severity: LOW',
    );

    await input.fill('');
    await page.getByRole('listbox', { name: 'Field names' }).waitFor();
    await input.press('Enter');
    await expect.poll(() => total.textContent(), { timeout: waitMs }).toBe(unfiltered);
    expect(await input.inputValue()).toBe('');
    expect(await page.getByRole('list', { name: 'Search terms' }).count()).toBe(0);
    await saveScreenshot(page, 'activity-emptied-search');
    expect(errors).toEqual([]);
    await close();
  });

  it('takes its search and range from the URL and passes the range to the API', async () => {
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);
    const input = page.getByRole('combobox', { name: 'Search alerts' });
    const total = page.locator('.list-head .total');

    await page.goto('/?search=severity%3A+HIGH&range=7d');
    await expect.poll(() => total.textContent(), { timeout: waitMs }).toBe('1');
    expect(await input.inputValue()).toBe('severity: HIGH');
    expect(await page.getByLabel('Time range', { exact: true }).inputValue()).toBe('7d');

    await page.goto(
      '/?range=custom&from=2020-01-01T00%3A00%3A00.000Z&to=2020-01-02T00%3A00%3A00.000Z',
    );
    await page.getByText('No alerts in this range').waitFor();
    expect(await total.textContent()).toBe('0');
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe('2020-01-01T00:00');
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe('2020-01-02T00:00');

    await page.goBack();
    await expect.poll(() => total.textContent(), { timeout: waitMs }).toBe('1');
    expect(await input.inputValue()).toBe('severity: HIGH');
    expect(errors).toEqual([]);
    await close();
  });
});
