import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { graphql, ingest, processStarted } from './harness/api.js';
import { openPage, saveScreenshot, shouldSkipBrowserTests, waitMs } from './harness/browser.js';
import { useDashboard } from './harness/dashboard.js';
import { startReceiver, type WebhookReceiver } from './harness/receiver.js';

const createAction = `mutation ($input: ActionInput!) { createAction(input: $input) { id } }`;
const createRule = `mutation ($input: RuleInput!) { createRule(input: $input) { id } }`;
const readEvents = `{ events(query: "process.name: whoami.exe", first: 5) { edges { node { id } } } }`;

/** A promise the test settles when it lets the receiver answer. */
function createGate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe.skipIf(shouldSkipBrowserTests())('the alert page', () => {
  // The first try fails and the second succeeds, each once the test lets it answer.
  const gates = [createGate(), createGate()];
  const dashboard = useDashboard({ TELLTALE_DELIVERY_BACKOFF_SECONDS: '1' });
  let receiver: WebhookReceiver;
  let ruleId: string;
  let eventId: string;

  beforeAll(async () => {
    receiver = await startReceiver({
      answer: async (index) => {
        await gates[index]?.opened;
        return index === 0 ? 500 : 200;
      },
    });
    const action = await graphql<{ createAction: { id: string } }>(
      dashboard.server.url,
      createAction,
      {
        input: {
          name: 'SOC webhook',
          settings: { type: 'WEBHOOK', webhook: { url: `${receiver.url}/alerts` } },
        },
      },
    );
    const rule = await graphql<{ createRule: { id: string } }>(dashboard.server.url, createRule, {
      input: {
        name: 'Discovery: whoami',
        query: 'process.name: whoami.exe',
        severity: 'HIGH',
        trigger: { type: 'SINGLE_MATCH' },
        actionIds: [action.createAction.id],
      },
    });
    ruleId = rule.createRule.id;
    await ingest(dashboard.server.url, [
      processStarted({
        host: 'WS-ALERT-01',
        time: new Date('2026-12-04T09:15:30.000Z'),
        pid: 4242,
        guid: 'eeeeeeee-0000-0000-0000-000000004242',
        path: 'C:\\Windows\\System32\\whoami.exe',
        commandLine: 'whoami /all',
      }),
    ]);
    const events = await graphql<{ events: { edges: { node: { id: string } }[] } }>(
      dashboard.server.url,
      readEvents,
    );
    eventId = events.events.edges[0]!.node.id;
  });

  afterAll(async () => {
    for (const gate of gates) gate.open();
    await receiver?.close();
  });

  it('opens from its row on Activity and follows its delivery live', async () => {
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);
    await page.goto('/');
    const row = page.locator('li.alert');
    await row.first().waitFor();
    await expect.poll(() => receiver.requests.length, { timeout: waitMs }).toBe(1);
    const alertId = await row.getAttribute('data-alert-id');

    // Over the row's time, away from the links inside it.
    await row.click({ position: { x: 30, y: 15 } });
    await page.waitForURL(`${dashboard.server.url}/alerts/${alertId}`);
    await page.locator('dl.facts').waitFor();

    expect(await page.locator('h1').textContent()).toBe('Discovery: whoami on WS-ALERT-01');
    expect(await page.locator('dl.facts dt').allTextContents()).toEqual([
      'Rule',
      'Severity',
      'Trigger',
      'Asset hostname',
      'Matches',
      'First match',
      'Last match',
      'Triggered',
    ]);
    const facts = page.locator('dl.facts dd');
    expect(await facts.nth(0).innerText()).toBe('Discovery: whoami (version 1)');
    expect(await facts.nth(0).locator('a').getAttribute('href')).toBe(`/rules/${ruleId}`);
    expect(await facts.nth(1).innerText()).toBe('HIGH');
    expect(await facts.nth(2).innerText()).toBe('Single Match');
    expect(await facts.nth(3).innerText()).toBe('WS-ALERT-01');
    expect(await facts.nth(4).innerText()).toBe('1');
    expect(await facts.nth(5).locator('time').getAttribute('datetime')).toBe(
      '2026-12-04T09:15:30.000Z',
    );
    expect(await facts.nth(6).locator('time').getAttribute('datetime')).toBe(
      '2026-12-04T09:15:30.000Z',
    );

    const events = page.locator('section.events tbody tr');
    expect(await events.count()).toBe(1);
    expect(await events.locator('a').getAttribute('href')).toBe(`/events/${eventId}`);
    expect(await events.locator('td.detail').textContent()).toBe('whoami /all');

    const delivery = page.locator('table.deliveries tbody tr');
    expect(await delivery.count()).toBe(1);
    expect(await delivery.locator('td').first().innerText()).toBe('SOC webhook');
    expect(await delivery.locator('.status').textContent()).toBe('Pending');
    expect(await delivery.locator('.attempts').textContent()).toBe('1');
    expect(await delivery.locator('.reason').textContent()).toBe('');

    gates[0]!.open();
    const host = new URL(receiver.url).host;
    await expect
      .poll(() => delivery.locator('.reason').textContent(), { timeout: waitMs })
      .toBe(`HTTP 500 Internal Server Error from ${host}: no`);
    expect(await delivery.locator('.status').textContent()).toBe('Pending');
    expect(await delivery.locator('.delivered').innerText()).toMatch(/^next try /);

    await expect.poll(() => receiver.requests.length, { timeout: waitMs }).toBe(2);
    gates[1]!.open();
    await expect
      .poll(() => delivery.locator('.status').textContent(), { timeout: waitMs })
      .toBe('Success');
    expect(await delivery.locator('.attempts').textContent()).toBe('2');
    expect(await delivery.locator('.reason').textContent()).toBe(
      `HTTP 500 Internal Server Error from ${host}: no`,
    );
    expect(await delivery.locator('.delivered time').count()).toBe(1);
    await saveScreenshot(page, 'alert-page-after-retry');
    expect(errors).toEqual([]);
    await close();
  });

  it('opens from the keyboard on Activity and from the link its messages carry', async () => {
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);
    await page.goto('/');
    const title = page.getByRole('link', { name: 'Discovery: whoami on WS-ALERT-01' });
    await title.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/alerts\/\d+$/);
    await page.locator('dl.facts').waitFor();
    const fromActivity = page.url();

    const message = JSON.parse(receiver.requests[0]!.body) as { alert: { url: string } };
    expect(message.alert.url).toBe(fromActivity);
    await page.goto(message.alert.url);
    await page.locator('dl.facts').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Discovery: whoami on WS-ALERT-01');
    expect(await page.getByTestId('match-count').textContent()).toBe('1');

    await page.goto('/alerts/999');
    await page.getByText('Alert 999 does not exist').waitFor();
    expect(errors).toEqual([]);
    await close();
  });
});
