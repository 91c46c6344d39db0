import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { ActionType } from '../../src/actions/action.settings.js';
import { startApp, type App } from '../../src/app.js';
import { readConfig } from '../../src/config.js';
import type { AlertConnection, AlertFacets, AlertNode } from '../../src/alerts/alert.type.js';
import { silentLogger } from '../../src/logger.js';
import { graphql } from '../harness/server-process.js';
import { createTestTarget, dialects } from '../harness/stores.js';
import { readSubscription } from '../harness/subscription-reader.js';
import { waitFor } from '../harness/wait.js';
import { baseTime, taskkillAt } from './factories.js';

// The server's clock stands still at 13:00 on the day of the events.
const now = baseTime + 60 * 60_000;

const createRule = `mutation ($input: RuleInput!) {
  createRule(input: $input) { id name trigger { type description } }
}`;

describe.each(dialects)('the alerts API on %s', (dialect) => {
  let app: App;
  let ws: Client;
  let url: string;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const target = await createTestTarget(dialect);
    cleanups.push(() => target.destroy());
    const config = readConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      TELLTALE_WEB_DIR: '',
      DATABASE_URL:
        target.target.dialect === 'sqlite' ? `file:${target.target.path}` : target.target.url,
    });
    app = await startApp(config, silentLogger, { clock: { now: () => now } });
    cleanups.unshift(() => app.close());
    url = app.http.url;
    ws = createClient({
      url: `${url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    cleanups.unshift(async () => void (await ws.dispose()));
  });

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('pushes each new alert to subscribers and serves it through the queries', async () => {
    const subscription = readSubscription(
      ws.iterate<{ alertTriggered: Pick<AlertNode, 'id' | 'title' | 'matchCount'> }>({
        query: 'subscription { alertTriggered { id title matchCount } }',
      }),
    );
    const pushedAlerts = () => subscription.received.map((result) => result.data!.alertTriggered);
    // graphql-ws gives no sign that the server holds the subscription: a probe rule's
    // alerts show it, then the probe is deleted.
    const { createRule: probe } = await graphql<{ createRule: { id: string } }>(url, createRule, {
      input: { name: 'Probe', query: 'process.name: probe.exe', trigger: { type: 'SINGLE_MATCH' } },
    });
    await waitFor('the subscription to start', async () => {
      await app.services.ingest.storeEvents([taskkillAt(0, { processName: 'probe.exe' })]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return subscription.received.length > 0;
    });
    await graphql(url, 'mutation ($id: ID!) { deleteRule(id: $id) }', { id: probe.id });
    await graphql(url, createRule, {
      input: {
        name: 'Taskkill burst',
        query: 'type: PROCESS and process.name: taskkill.exe',
        severity: 'HIGH',
        trigger: { type: 'COUNT_MATCH', count: 2, windowSeconds: 900 },
      },
    });
    await graphql(url, createRule, {
      input: {
        name: 'Any taskkill',
        query: 'process.name: taskkill.exe',
        trigger: { type: 'SINGLE_MATCH' },
      },
    });

    await app.services.ingest.storeEvents([
      taskkillAt(0),
      taskkillAt(1, { hostname: 'ws2' }),
      taskkillAt(2),
    ]);

    const isProbe = (alert: { title: string }) => alert.title.startsWith('Probe');
    await subscription.waitUntil(
      'four alerts',
      () => pushedAlerts().filter((alert) => !isProbe(alert)).length >= 4,
    );
    await subscription.close();
    const pushed = pushedAlerts()
      .filter((alert) => !isProbe(alert))
      .map((alertTriggered) => ({ alertTriggered }));
    expect(
      pushed.map(({ alertTriggered }) => [alertTriggered.title, alertTriggered.matchCount]),
    ).toEqual([
      ['Any taskkill on ws1', 1],
      ['Any taskkill on ws2', 1],
      ['Taskkill burst: 2 matches within 15 minutes, hostname ws1', 2],
      ['Any taskkill on ws1', 1],
    ]);

    const [e1, , e3] = (
      await app.services.store.db.all<{ id: unknown }>(
        "SELECT id FROM events WHERE process_name = 'taskkill.exe' ORDER BY id",
      )
    ).map((row) => String(row.id));
    const pages = `query ($after: String) {
      alerts(first: 2, search: "rule.name: \\"Any taskkill\\"", after: $after) {
        totalCount edges { node { id title } } pageInfo { hasNextPage endCursor }
      }
    }`;
    type Page = {
      alerts: AlertConnection & { edges: Array<{ node: Pick<AlertNode, 'id' | 'title'> }> };
    };
    const first = await graphql<Page>(url, pages);
    const second = await graphql<Page>(url, pages, { after: first.alerts.pageInfo.endCursor });
    const anyIds = pushed
      .filter((_, index) => index !== 2)
      .map(({ alertTriggered }) => alertTriggered.id);
    const detail = await graphql<{ alert: { events: Array<{ id: string }> } }>(
      url,
      'query ($id: ID!) { alert(id: $id) { events { id } } }',
      { id: pushed[2]!.alertTriggered.id },
    );

    expect(first.alerts.totalCount).toBe(3);
    expect(first.alerts.edges.map((edge) => edge.node.id)).toEqual([anyIds[2], anyIds[1]]);
    expect(first.alerts.pageInfo.hasNextPage).toBe(true);
    expect(second.alerts.edges.map((edge) => edge.node.id)).toEqual([anyIds[0]]);
    expect(second.alerts.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
    expect(detail.alert.events.map((event) => event.id)).toEqual([e1, e3]);
  });

  it('counts alerts per bucket and per facet', async () => {
    const search = 'rule.name: "Any taskkill"';
    const histogram = await graphql<{ alertHistogram: { buckets: Array<{ count: number }> } }>(
      url,
      `
        query ($from: DateTimeISO!, $to: DateTimeISO!, $search: String) {
          alertHistogram(from: $from, to: $to, buckets: 2, search: $search) {
            buckets {
              count
            }
          }
        }
      `,
      {
        from: new Date(now - 60_000).toISOString(),
        to: new Date(now + 60_000).toISOString(),
        search,
      },
    );
    const facets = await graphql<{ alertFacets: AlertFacets }>(
      url,
      `
        query ($search: String) {
          alertFacets(search: $search) {
            rules {
              label
              count
            }
            severities {
              value
              count
            }
            hostnames {
              value
              count
            }
            deliveryStatuses {
              value
              count
            }
          }
        }
      `,
      { search },
    );

    expect(histogram.alertHistogram.buckets.map((bucket) => bucket.count)).toEqual([0, 3]);
    expect(facets.alertFacets).toEqual({
      rules: [{ label: 'Any taskkill', count: 3 }],
      severities: [{ value: 'MEDIUM', count: 3 }],
      hostnames: [
        { value: 'ws1', count: 2 },
        { value: 'ws2', count: 1 },
      ],
      deliveryStatuses: [],
    });
  });

  it('bounds the list, histogram and facets by from (inclusive) and to (exclusive)', async () => {
    const ranged = `
      query ($search: String, $from: DateTimeISO, $to: DateTimeISO) {
        alerts(search: $search, from: $from, to: $to) { totalCount edges { node { title } } }
        alertFacets(search: $search, from: $from, to: $to) { severities { value count } }
      }
    `;
    type Ranged = {
      alerts: { totalCount: number; edges: Array<{ node: { title: string } }> };
      alertFacets: { severities: Array<{ value: string; count: number }> };
    };
    const read = (from: number | null, to: number | null) =>
      graphql<Ranged>(url, ranged, {
        search: 'rule.name: "Any taskkill"',
        from: from === null ? null : new Date(from).toISOString(),
        to: to === null ? null : new Date(to).toISOString(),
      });
    const histogram = (from: number, to: number) =>
      graphql<{ alertHistogram: { buckets: Array<{ count: number }> } }>(
        url,
        `
          query ($from: DateTimeISO!, $to: DateTimeISO!) {
            alertHistogram(
              from: $from
              to: $to
              buckets: 1
              search: "rule.name: \\"Any taskkill\\""
            ) {
              buckets {
                count
              }
            }
          }
        `,
        { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
      );

    // Every alert of the test triggered at `now`.
    const atStart = await read(now, now + 1);
    const atEnd = await read(now - 1, now);
    const openEnded = await read(now, null);
    const openStart = await read(null, now + 1);
    const after = await read(now + 1, null);

    expect(atStart.alerts.totalCount).toBe(3);
    expect(atStart.alerts.edges.map((edge) => edge.node.title)).toEqual([
      'Any taskkill on ws1',
      'Any taskkill on ws2',
      'Any taskkill on ws1',
    ]);
    expect(atStart.alertFacets.severities).toEqual([{ value: 'MEDIUM', count: 3 }]);
    expect(atEnd.alerts).toEqual({ totalCount: 0, edges: [] });
    expect(atEnd.alertFacets.severities).toEqual([]);
    expect(openEnded.alerts.totalCount).toBe(3);
    expect(openStart.alerts.totalCount).toBe(3);
    expect(after.alerts.totalCount).toBe(0);
    expect((await histogram(now, now + 1)).alertHistogram.buckets).toEqual([{ count: 3 }]);
    expect((await histogram(now - 1, now)).alertHistogram.buckets).toEqual([{ count: 0 }]);
  });

  it("places a search error in the analyst's own text when a range is given", async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `query ($from: DateTimeISO, $to: DateTimeISO) {
          alerts(search: "severity: (HIGH", from: $from, to: $to) { totalCount }
        }`,
        variables: { from: new Date(now - 1).toISOString(), to: new Date(now).toISOString() },
      }),
    });
    const body = (await response.json()) as {
      errors: Array<{ message: string; extensions: Record<string, unknown> }>;
    };

    // The text is 15 characters long: the error is at its end, not at a glued-on range.
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]!.extensions).toMatchObject({
      code: 'QUERY_INVALID',
      field: 'search',
      position: 15,
    });
    expect(body.errors[0]!.message).toBe(
      "search: Expected ',' or ')' in the list of values (at position 15)",
    );
  });

  it('rejects a range whose end is not after its start', async () => {
    const at = new Date(now).toISOString();
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `query ($at: DateTimeISO) { alertFacets(from: $at, to: $at) { rules { count } } }`,
        variables: { at },
      }),
    });
    const body = (await response.json()) as {
      errors: Array<{ message: string; extensions: Record<string, unknown> }>;
    };

    expect(body.errors.map((error) => [error.message, error.extensions])).toEqual([
      ['to: must be later than from', { code: 'BAD_USER_INPUT', field: 'to' }],
    ]);
  });

  it("lists a rule's actions, leaving deleted ones out", async () => {
    const user = await app.services.users.ensure();
    const action = (name: string) =>
      app.services.actions.create(
        {
          name,
          settings: { type: ActionType.WEBHOOK, webhook: { url: 'http://127.0.0.1:39/hook' } },
        },
        user,
      );
    const [kept, gone] = [await action('Kept hook'), await action('Gone hook')];
    const { createRule: rule } = await graphql<{ createRule: { id: string } }>(url, createRule, {
      input: {
        name: 'With actions',
        query: 'process.name: nothing.exe',
        trigger: { type: 'SINGLE_MATCH' },
        actionIds: [String(kept.id), String(gone.id)],
      },
    });
    await app.services.actions.delete(gone.id, user);

    const { rule: read } = await graphql<{
      rule: { actionIds: string[]; actions: Array<{ name: string }> };
    }>(url, 'query ($id: ID!) { rule(id: $id) { actionIds actions { name } } }', { id: rule.id });

    expect(read).toEqual({ actionIds: [String(kept.id)], actions: [{ name: 'Kept hook' }] });
  });

  it('names the field and position of a query error', async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: createRule,
        variables: {
          input: {
            name: 'Broken',
            query: 'process.name: (a, b',
            trigger: { type: 'SINGLE_MATCH' },
          },
        },
      }),
    });
    const body = (await response.json()) as {
      errors: Array<{ extensions: Record<string, unknown> }>;
    };

    expect(body.errors[0]!.extensions).toMatchObject({
      code: 'QUERY_INVALID',
      field: 'query',
      position: 19,
    });
  });
});
