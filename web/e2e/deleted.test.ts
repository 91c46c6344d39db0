import { describe, expect, it } from 'vitest';

import { graphql } from './harness/api.js';
import { openPage, saveScreenshot, shouldSkipBrowserTests } from './harness/browser.js';
import { useDashboard } from './harness/dashboard.js';

const createAction = `mutation ($input: ActionInput!) { createAction(input: $input) { id } }`;
const deleteAction = `mutation ($id: ID!) { deleteAction(id: $id) }`;
const readAction = `query ($id: ID!) { action(id: $id) { deletedAt updatedBy { name } } }`;
const createRule = `mutation ($input: RuleInput!) { createRule(input: $input) { id } }`;
const deleteRule = `mutation ($id: ID!) { deleteRule(id: $id) }`;

describe.skipIf(shouldSkipBrowserTests())('a deleted action or rule', () => {
  const dashboard = useDashboard();

  async function addAction(name: string): Promise<string> {
    const data = await graphql<{ createAction: { id: string } }>(
      dashboard.server.url,
      createAction,
      {
        input: {
          name,
          settings: { type: 'WEBHOOK', webhook: { url: 'http://127.0.0.1:39/hooks/soc' } },
        },
      },
    );
    return data.createAction.id;
  }

  async function addRule(name: string): Promise<string> {
    const data = await graphql<{ createRule: { id: string } }>(dashboard.server.url, createRule, {
      input: { name, query: 'process.name: whoami.exe', trigger: { type: 'SINGLE_MATCH' } },
    });
    return data.createRule.id;
  }

  it('shows a deleted action as deleted, with no editor and no controls', async () => {
    const id = await addAction('Old webhook');
    await graphql(dashboard.server.url, deleteAction, { id });
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);

    await page.goto(`/actions/${id}`);
    await page.getByTestId('deleted-note').waitFor();

    expect(await page.locator('h1').innerText()).toBe('Old webhook Deleted');
    const { action } = await graphql<{
      action: { deletedAt: string; updatedBy: { name: string } };
    }>(dashboard.server.url, readAction, { id });
    expect(await page.getByTestId('deleted-note').innerText()).toBe(
      `Deleted ${action.deletedAt.slice(0, 19).replace('T', ' ')} UTC by ${action.updatedBy.name}. ` +
        'Rules no longer deliver to it and it cannot send; its deliveries are kept below.',
    );
    expect(await page.locator('.gone dd').allInnerTexts()).toEqual([
      'Webhook',
      'http://127.0.0.1:39/****',
    ]);
    for (const name of ['Save action', 'Send test', 'Delete action']) {
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    }
    expect(await page.locator('form, input, select').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Deliveries' }).count()).toBe(1);
    await saveScreenshot(page, 'deleted-action-page');
    expect(errors).toEqual([]);
    await close();
  });

  it('turns an open action page into the deleted state when a test finds it deleted', async () => {
    const id = await addAction('Doomed webhook');
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);
    await page.goto(`/actions/${id}`);
    await page.getByRole('button', { name: 'Send test' }).waitFor();

    await graphql(dashboard.server.url, deleteAction, { id });
    await page.getByRole('button', { name: 'Send test' }).click();

    await page.getByTestId('deleted-note').waitFor();
    expect(await page.getByRole('button', { name: 'Send test' }).count()).toBe(0);
    expect(await page.locator('h1').innerText()).toBe('Doomed webhook Deleted');
    expect(errors).toEqual([]);
    await close();
  });

  it('shows a deleted rule as missing, whether opened or saved after the deletion', async () => {
    const opened = await addRule('Gone before opening');
    await graphql(dashboard.server.url, deleteRule, { id: opened });
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);

    await page.goto(`/rules/${opened}`);
    const missing = page.getByText(`Rule ${opened} does not exist`);
    await missing.waitFor();
    expect(await page.locator('form').count()).toBe(0);
    expect(
      await page.getByRole('link', { name: 'Activity', exact: true }).last().getAttribute('href'),
    ).toBe(`/?search=${encodeURIComponent(`rule.id: ${opened}`)}`);
    await saveScreenshot(page, 'deleted-rule-page');

    const saved = await addRule('Gone while open');
    await page.goto(`/rules/${saved}`);
    await page.getByRole('button', { name: 'Save rule' }).waitFor();
    await graphql(dashboard.server.url, deleteRule, { id: saved });
    await page.getByRole('button', { name: 'Save rule' }).click();

    // The editor first shows the save's error, then the page reloads the rule and finds it gone.
    await page.locator('.empty .title', { hasText: `Rule ${saved} does not exist` }).waitFor();
    expect(await page.getByRole('button', { name: 'Save rule' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete rule' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await close();
  });
});
