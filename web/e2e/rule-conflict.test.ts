import { describe, expect, it } from 'vitest';

import { graphql } from './harness/api.js';
import { openPage, shouldSkipBrowserTests } from './harness/browser.js';
import { useDashboard } from './harness/dashboard.js';

const createRule = `mutation ($input: RuleInput!) { createRule(input: $input) { id } }`;
const updateRule = `mutation ($id: ID!, $input: RuleInput!) { updateRule(id: $id, input: $input) { id } }`;
const readRule = `query ($id: ID!) { rule(id: $id) { name version } }`;

describe.skipIf(shouldSkipBrowserTests())('two analysts editing one rule', () => {
  const dashboard = useDashboard();

  it("refuses to save over a change saved since the page was read, and keeps the other's", async () => {
    const input = {
      name: 'Whoami on a workstation',
      query: 'process.name: whoami.exe',
      trigger: { type: 'SINGLE_MATCH' },
    };
    const { createRule: created } = await graphql<{ createRule: { id: string } }>(
      dashboard.server.url,
      createRule,
      { input },
    );
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);
    await page.goto(`/rules/${created.id}`);
    await page.getByRole('button', { name: 'Save rule' }).waitFor();

    await graphql(dashboard.server.url, updateRule, {
      id: created.id,
      input: { ...input, name: 'Saved by the other analyst' },
    });
    await page.getByLabel('Name').fill('Saved from the stale page');
    await page.getByRole('button', { name: 'Save rule' }).click();

    const notice = page.getByRole('alert');
    await notice.waitFor();
    expect(await notice.locator('.message').innerText()).toBe(
      `rule ${created.id} changed while it was being saved: load it again and retry`,
    );
    const { rule } = await graphql<{ rule: { name: string; version: number } }>(
      dashboard.server.url,
      readRule,
      { id: created.id },
    );
    expect(rule).toEqual({ name: 'Saved by the other analyst', version: 2 });
    expect(errors).toEqual([]);
    await close();
  });
});
