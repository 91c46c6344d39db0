import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { graphql } from './harness/api.js';
import { openPage, shouldSkipBrowserTests } from './harness/browser.js';
import { useDashboard } from './harness/dashboard.js';
import { startReceiver, type WebhookReceiver } from './harness/receiver.js';

const readRules = `{
  rules { name query trigger { type count windowSeconds } aggregate group { by } actionIds }
  actions { id name type }
}`;

interface Saved {
  rules: {
    name: string;
    query: string;
    trigger: { type: string; count: number | null; windowSeconds: number | null };
    aggregate: boolean;
    group: { by: string } | null;
    actionIds: string[];
  }[];
  actions: { id: string; name: string; type: string }[];
}

describe.skipIf(shouldSkipBrowserTests())('creating an action and a rule', () => {
  const dashboard = useDashboard();
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await receiver?.close();
  });

  it('creates a webhook action, sends a test through it, and uses it in a new rule', async () => {
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);

    await page.goto('/actions');
    await page.getByText('No actions yet').waitFor();
    await page.getByRole('link', { name: 'New action' }).click();
    await page.getByLabel('Name').fill('SOC webhook');
    await page.getByLabel('Type').selectOption('WEBHOOK');
    await page.getByLabel(/^URL/).fill(`${receiver.url}/hooks/telltale`);
    await page.getByRole('button', { name: 'Create action' }).click();

    await page.waitForURL(`${dashboard.server.url}/actions`);
    const actionRows = page.locator('tbody tr');
    await actionRows.first().waitFor();
    expect(await actionRows.count()).toBe(1);
    expect(await actionRows.locator('td').nth(0).textContent()).toBe('SOC webhook');
    expect(await actionRows.locator('td').nth(1).textContent()).toBe('Webhook');

    await page.getByRole('link', { name: 'SOC webhook' }).click();
    await page.getByRole('button', { name: 'Send test' }).click();
    const outcome = page.getByTestId('test-outcome');
    await outcome.waitFor();
    expect((await outcome.textContent())?.trim()).toBe('Test message: Success');
    expect(receiver.requests.map((request) => request.path)).toEqual(['/hooks/telltale']);

    await page.goto('/rules/new');
    await page.getByLabel('Name').fill('Burst of whoami');
    await page.getByRole('combobox', { name: 'Rule query' }).fill('process.name: whoami.exe');
    await page.getByLabel('Time-Window Count Match').check();
    await page.getByLabel('Number of matches').fill('3');
    await page.getByLabel('Within a window of').fill('5');
    await page.getByLabel('Unit').selectOption('MINUTES');
    await page.getByRole('radio', { name: 'Yes' }).check();
    await page.getByLabel('SOC webhook').check();
    await page.getByRole('button', { name: 'Create rule' }).click();

    await page.waitForURL(`${dashboard.server.url}/rules`);
    const ruleRows = page.locator('tbody tr');
    await ruleRows.first().waitFor();
    expect(await ruleRows.count()).toBe(1);
    expect(await ruleRows.locator('td.name a').textContent()).toBe('Burst of whoami');
    expect(await ruleRows.locator('td').nth(3).innerText()).toBe(
      'Time-Window Count Match: 3 in 5 minutes\nBy asset hostname',
    );
    expect(await ruleRows.locator('td').nth(4).textContent()).toBe('SOC webhook');
    expect(await ruleRows.getByRole('switch').getAttribute('aria-checked')).toBe('true');

    const saved = await graphql<Saved>(dashboard.server.url, readRules);
    expect(saved.rules).toEqual([
      {
        name: 'Burst of whoami',
        query: 'process.name: whoami.exe',
        trigger: { type: 'COUNT_MATCH', count: 3, windowSeconds: 300 },
        aggregate: true,
        group: { by: 'HOSTNAME' },
        actionIds: [saved.actions[0]!.id],
      },
    ]);
    expect(errors).toEqual([]);
    await close();
  });
});
