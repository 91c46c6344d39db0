import { beforeAll, describe, expect, it } from 'vitest';

import { createProcessTree, graphql, ingest } from './harness/api.js';
import { openPage, shouldSkipBrowserTests, waitMs } from './harness/browser.js';
import { useDashboard } from './harness/dashboard.js';

const findEvents = `query ($query: String) {
  events(query: $query, first: 10) { edges { node { id } } }
}`;

interface FoundEvents {
  events: { edges: { node: { id: string } }[] };
}

describe.skipIf(shouldSkipBrowserTests())('the event page', () => {
  const dashboard = useDashboard();

  beforeAll(async () => {
    await ingest(dashboard.server.url, createProcessTree('WS-TREE-01', new Date()));
  });

  it("draws the process's parent, children and pipe, and opens a child's event", async () => {
    const cmd = await graphql<FoundEvents>(dashboard.server.url, findEvents, {
      query: 'type: PROCESS and process.name: cmd.exe',
    });
    const whoami = await graphql<FoundEvents>(dashboard.server.url, findEvents, {
      query: 'type: PROCESS and process.name: whoami.exe',
    });
    const cmdId = cmd.events.edges[0]!.node.id;
    const whoamiId = whoami.events.edges[0]!.node.id;
    const { page, errors, close } = await openPage(dashboard.browser, dashboard.server.url);

    await page.goto(`/events/${cmdId}`);
    await page.locator('svg g.node').first().waitFor();

    expect(await page.locator('h1').textContent()).toBe('PROCESS STARTED · cmd.exe');
    expect(await page.locator('svg g.node[data-kind="PROCESS"]').count()).toBe(4);
    expect(await page.locator('svg g.node[data-kind="PIPE"]').count()).toBe(1);
    expect(await page.locator('svg path.edge').count()).toBe(4);
    expect(await page.locator('svg g.node.current text.label').textContent()).toBe(
      'cmd.exe (2000)',
    );

    await page.getByRole('link', { name: 'Open the event of Process, whoami.exe (3000)' }).click();
    await page.waitForURL(`${dashboard.server.url}/events/${whoamiId}`);
    await expect
      .poll(() => page.locator('h1').textContent(), { timeout: waitMs })
      .toBe('PROCESS STARTED · whoami.exe');
    expect(errors).toEqual([]);
    await close();
  });
});
