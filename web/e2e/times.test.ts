import { beforeAll, describe, expect, it } from 'vitest';

import { graphql, ingest, processStarted } from './harness/api.js';
import { openPage, saveScreenshot, shouldSkipBrowserTests, waitMs } from './harness/browser.js';
import { useDashboard } from './harness/dashboard.js';

const createRule = `mutation ($input: RuleInput!) { createRule(input: $input) { id } }`;
const readEvents = `{ events(query: "process.name: rundll32.exe", first: 5) { edges { node { id } } } }`;

describe.skipIf(shouldSkipBrowserTests())('times and time zones', () => {
  const dashboard = useDashboard();
  let eventId: string;

  beforeAll(async () => {
    await ingest(dashboard.server.url, [
      processStarted({
        host: 'WORKSTATION5',
        time: new Date('2020-10-18T23:50:06.000Z'),
        pid: 4824,
        guid: 'ffffffff-0000-0000-0000-000000004824',
        path: 'C:\\Windows\\System32\\rundll32.exe',
      }),
    ]);
    const events = await graphql<{ events: { edges: { node: { id: string } }[] } }>(
      dashboard.server.url,
      readEvents,
    );
    eventId = events.events.edges[0]!.node.id;
  });

  it("names the browser's zone beside each time and keeps UTC on hover", async () => {
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url, {
      timezoneId: 'Asia/Kolkata',
    });

    await page.goto(`/events/${eventId}`);
    const time = page.locator('.groups dd').first().locator('time');
    await time.waitFor();
    expect(await time.textContent()).toBe('2020-10-19 05:20:06 GMT+5:30');
    expect(await time.getAttribute('title')).toBe('2020-10-18 23:50:06 UTC');
    await saveScreenshot(page, 'event-time-in-kolkata');

    await page.goto(
      '/hunting?range=custom&from=2020-10-18T00%3A00%3A00.000Z&to=2020-10-20T00%3A00%3A00.000Z',
    );
    const row = page.locator('table.events tbody tr');
    await row.first().waitFor();
    expect(await row.locator('td.time time').textContent()).toBe('2020-10-19 05:20:06 GMT+5:30');
    expect(await page.locator('.range .zone').textContent()).toBe('GMT+5:30');
    expect(errors).toEqual([]);
    await close();
  });

  it("lists a schedule's windows in the rule's zone with their offsets, across a clock change", async () => {
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);
    await page.goto('/rules/new');
    await page.getByLabel('Time-Window Scheduled Match').check();
    await page.getByLabel('Start time').fill('01:30');
    await page.getByLabel('End time').fill('02:30');
    await page.getByLabel('First day').fill('2027-11-05');
    await page.getByLabel('Time zone').selectOption('America/New_York');

    const windows = page.getByRole('list', { name: 'Next windows' }).locator('li');
    await expect
      .poll(() => windows.first().textContent(), { timeout: waitMs })
      .toContain('2027-11-05 01:30');
    expect((await windows.allTextContents()).map((text) => text.trim())).toEqual([
      '2027-11-05 01:30 UTC-04:00 – 2027-11-05 02:30 UTC-04:00',
      '2027-11-06 01:30 UTC-04:00 – 2027-11-06 02:30 UTC-04:00',
      '2027-11-07 01:30 UTC-04:00 – 2027-11-07 02:30 UTC-05:00',
      '2027-11-08 01:30 UTC-05:00 – 2027-11-08 02:30 UTC-05:00',
      '2027-11-09 01:30 UTC-05:00 – 2027-11-09 02:30 UTC-05:00',
    ]);
    expect(await windows.nth(2).getAttribute('title')).toBe(
      '2027-11-07 05:30:00 UTC – 2027-11-07 07:30:00 UTC',
    );
    await saveScreenshot(page, 'schedule-windows-with-offsets', page.locator('.preview'));
    expect(errors).toEqual([]);
    await close();
  });

  it('offers the current zone names and keeps a stored old one', async () => {
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url, {
      timezoneId: 'Asia/Kolkata',
    });
    await page.goto('/rules/new');
    await page.getByLabel('Time-Window Scheduled Match').check();
    const zone = page.getByLabel('Time zone');

    expect(await zone.inputValue()).toBe('Asia/Kolkata');
    const offered = await zone.locator('option').allTextContents();
    expect(offered[0]).toBe('UTC');
    expect(
      offered.filter((name) => /^(Asia\/(Calcutta|Kolkata)|Europe\/Ky?iv)$/.test(name)),
    ).toEqual(['Asia/Kolkata', 'Europe/Kyiv']);

    const { createRule: rule } = await graphql<{ createRule: { id: string } }>(
      dashboard.server.url,
      createRule,
      {
        input: {
          name: 'Night shift',
          query: 'process.name: rundll32.exe',
          timeZone: 'Asia/Calcutta',
          trigger: {
            type: 'SCHEDULED_MATCH',
            schedule: {
              repeat: 'DAILY',
              startDate: '2027-01-04',
              startTime: '22:00',
              endTime: '06:00',
            },
          },
        },
      },
    );
    await page.goto(`/rules/${rule.id}`);
    await expect.poll(() => zone.inputValue(), { timeout: waitMs }).toBe('Asia/Calcutta');
    const kept = await zone.locator('option').allTextContents();
    expect(kept.filter((name) => /^Asia\/(Calcutta|Kolkata)$/.test(name))).toEqual([
      'Asia/Calcutta',
      'Asia/Kolkata',
    ]);
    expect(errors).toEqual([]);
    await close();
  });
});
