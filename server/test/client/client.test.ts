import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startApp, type App } from '../../src/app.js';
import { TelltaleApiError } from '../../src/client/api-error.js';
import { createTelltaleClient, type TelltaleClient } from '../../src/client/client.js';
import {
  AlertDocument,
  AlertsDocument,
  AlertTriggeredDocument,
  CreateActionDocument,
  CreateRuleDocument,
  EventDocument,
  IngestEventsDocument,
  SearchEventsDocument,
  type CreateActionMutation,
  type CreateRuleMutation,
  type IngestEventsMutation,
} from '../../src/client/generated.js';
import { readConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { Topic } from '../../src/pubsub/topics.js';
import { startHttpReceiver, type HttpReceiver } from '../actions/http-receiver.js';
import { processStarted } from '../harness/native-records.js';
import { createTestTarget, dialects } from '../harness/stores.js';
import { readSubscription, type SubscriptionReader } from '../harness/subscription-reader.js';
import { waitFor } from '../harness/wait.js';

// The server's clock stands still, so stored times are exact.
const now = Date.UTC(2024, 2, 1, 12, 30, 0);
const nowIso = new Date(now).toISOString();

const explorer = {
  pid: 1204,
  path: 'C:\\Windows\\explorer.exe',
  guid: guid(1204),
};
const word = {
  pid: 2288,
  path: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
  guid: guid(2288),
};

describe.each(dialects)('createTelltaleClient against a server on %s', (dialect) => {
  let app: App;
  let hook: HttpReceiver;
  let sut: TelltaleClient;
  let action: CreateActionMutation['createAction'];
  let rule: CreateRuleMutation['createRule'];
  let ingested: IngestEventsMutation['ingestEvents'];
  const cleanups: (() => Promise<void>)[] = [];

  // One server for the file: an action, a rule, and a first batch evaluated into alert 1.
  beforeAll(async () => {
    hook = await startHttpReceiver([{ status: 202 }]);
    cleanups.push(() => hook.close());
    const target = await createTestTarget(dialect);
    cleanups.push(() => target.destroy());
    const dataDir = mkdtempSync(join(tmpdir(), 'telltale-client-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const config = readConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      TELLTALE_DATA_DIR: dataDir,
      TELLTALE_WEB_DIR: '',
      DATABASE_URL:
        target.target.dialect === 'sqlite' ? `file:${target.target.path}` : target.target.url,
    });
    app = await startApp(config, silentLogger, { clock: { now: () => now } });
    cleanups.push(() => app.close());
    sut = createTelltaleClient({ url: `${app.http.url}/graphql` });
    cleanups.push(() => sut.close());

    ({ createAction: action } = await sut.request(CreateActionDocument, {
      input: {
        name: 'SOAR webhook',
        settings: { type: 'WEBHOOK', webhook: { url: `${hook.url}/in/soar-intake-7731` } },
      },
    }));
    ({ createRule: rule } = await sut.request(CreateRuleDocument, {
      input: {
        name: 'Office starts PowerShell',
        query: 'process.name: powershell.exe and process.parent.name: winword.exe',
        severity: 'HIGH',
        trigger: { type: 'SINGLE_MATCH' },
        actionIds: [action.id],
      },
    }));
    ({ ingestEvents: ingested } = await sut.request(IngestEventsDocument, {
      events: [
        processStarted({ second: 0, ...explorer, commandLine: 'explorer.exe' }),
        processStarted({
          second: 10,
          ...word,
          commandLine: 'WINWORD.EXE /n Invoice_2291.docm',
          parent: explorer,
        }),
        processStarted({ second: 20, parent: word }),
        { type: 'PROCESS', action: 'STARTED', asset: { hostName: 'FIN-WS-014' } },
      ],
    }));
    await app.services.evaluator.drain();
  });

  // Alert 1 is announced again until the subscription shows it: from then on the server is
  // known to forward every alert to this subscriber.
  const untilListening = (alerts: SubscriptionReader<unknown>) =>
    waitFor('the subscription to listen', async () => {
      app.services.pubsub.publish(Topic.AlertTriggered, { alertId: 1 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      return alerts.received.length > 0;
    });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  });

  it('creates an action and a rule', () => {
    expect(action).toMatchObject({
      name: 'SOAR webhook',
      type: 'WEBHOOK',
      settings: {
        type: 'WEBHOOK',
        webhook: { url: `http://${new URL(hook.url).host}/****7731`, headers: [] },
      },
      ruleIds: [],
      deletedAt: null,
      deliveryCounts: { pending: 0, success: 0, failed: 0 },
    });
    expect(rule).toMatchObject({
      name: 'Office starts PowerShell',
      enabled: true,
      severity: 'HIGH',
      trigger: { type: 'SINGLE_MATCH', count: null, windowSeconds: null, schedule: null },
      aggregate: false,
      group: null,
      timeZone: 'UTC',
      actionIds: [action.id],
      version: 1,
      alertCount: 0,
    });
  });

  it('ingests native events and reports what it stored', () => {
    expect(ingested).toEqual({
      lines: 4,
      accepted: 3,
      skipped: 0,
      rejected: 1,
      firstId: '1',
      lastId: '3',
      byType: [
        { type: 'PROCESS', count: 3 },
        { type: 'FILE', count: 0 },
        { type: 'NETWORK', count: 0 },
        { type: 'MUTEX', count: 0 },
        { type: 'REGISTRY', count: 0 },
      ],
      skippedByReason: [],
      rejectedByReason: [{ reason: 'dateTime is missing', count: 1 }],
      skips: [],
      rejections: [{ line: 4, reason: 'dateTime is missing' }],
      truncated: false,
    });
  });

  it('receives an alert through subscribe and reads it back with request', async () => {
    const alerts = readSubscription(sut.subscribe(AlertTriggeredDocument));
    cleanups.push(() => alerts.close());
    await untilListening(alerts);

    await sut.request(IngestEventsDocument, {
      events: [processStarted({ second: 30, pid: 5120, guid: guid(5120), parent: word })],
    });
    await app.services.evaluator.drain();
    await alerts.waitUntil('alert 2', (received) =>
      received.some(({ alertTriggered }) => alertTriggered.id === '2'),
    );
    const { alert } = await waitFor('the delivery of alert 2 to succeed', async () => {
      const answer = await sut.request(AlertDocument, { id: '2' });
      return answer.alert.deliveries[0]?.status === 'SUCCESS' ? answer : null;
    });
    const { alerts: page } = await sut.request(AlertsDocument, { first: 1 });

    const triggered = alerts.received.map(({ alertTriggered }) => alertTriggered);
    expect(triggered.filter(({ id }) => id !== '1')).toEqual([
      {
        id: '2',
        ruleId: rule.id,
        ruleName: 'Office starts PowerShell',
        ruleVersion: 1,
        severity: 'HIGH',
        triggerType: 'SINGLE_MATCH',
        groupKey: null,
        hostname: 'FIN-WS-014',
        title: 'Office starts PowerShell on FIN-WS-014',
        matchCount: 1,
        firstTime: '2024-03-01T12:00:30.000Z',
        lastTime: '2024-03-01T12:00:30.000Z',
        windowStart: null,
        windowEnd: null,
        createdAt: nowIso,
        deliveries: [
          {
            id: '2',
            alertId: '2',
            actionId: action.id,
            status: 'PENDING',
            attempts: 0,
            lastError: null,
            nextAttemptAt: nowIso,
            deliveredAt: null,
            createdAt: nowIso,
            updatedAt: nowIso,
            action: { id: action.id, name: 'SOAR webhook', type: 'WEBHOOK' },
          },
        ],
      },
    ]);
    expect(alert).toMatchObject({
      id: '2',
      title: 'Office starts PowerShell on FIN-WS-014',
      deliveries: [
        {
          id: '2',
          alertId: '2',
          actionId: action.id,
          status: 'SUCCESS',
          attempts: 1,
          lastError: null,
          deliveredAt: nowIso,
        },
      ],
    });
    expect(alert.events.map((event) => [event.id, event.process?.pid, event.parent?.name])).toEqual(
      [['4', 5120, 'WINWORD.EXE']],
    );
    expect(page.totalCount).toBe(2);
    expect(page.edges.map(({ node }) => [node.id, node.deliveries.map((d) => d.status)])).toEqual([
      ['2', ['SUCCESS']],
    ]);
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  it('searches events and reads one with its hierarchy', async () => {
    const { events } = await sut.request(SearchEventsDocument, {
      query: 'process.parent.name: winword.exe',
      range: { from: '2024-03-01T12:00:00.000Z', to: '2024-03-01T12:00:25.000Z' },
    });
    const { event } = await sut.request(EventDocument, { id: '3', objects: [] });

    expect(events.totalCount).toBe(1);
    expect(events.edges.map(({ node }) => node.id)).toEqual(['3']);
    const node = (pid: number) => `process|1|${guid(pid)}`;
    expect(event).toMatchObject({
      id: '3',
      time: '2024-03-01T12:00:20.000Z',
      receivedAt: nowIso,
      type: 'PROCESS',
      action: 'STARTED',
      source: 'native',
      hostname: 'FIN-WS-014',
      agentId: 'agent-fin-ws-014',
      process: { name: 'powershell.exe', pid: 4312, user: 'CORP\\j.doe', guid: guid(4312) },
      parent: { name: 'WINWORD.EXE', pid: 2288, guid: guid(2288) },
      network: null,
    });
    expect(event?.hierarchy).toEqual({
      focusNodeId: node(4312),
      processNodeId: node(4312),
      truncated: false,
      nodes: [
        [
          4312,
          'powershell.exe (4312)',
          'powershell.exe -NoProfile -EncodedCommand SQBFAFgA',
          3,
          20,
        ],
        [2288, 'WINWORD.EXE (2288)', 'WINWORD.EXE /n Invoice_2291.docm', 2, 10],
        [1204, 'explorer.exe (1204)', 'explorer.exe', 1, 0],
      ].map(([pid, label, detail, eventId, second]) => ({
        id: node(Number(pid)),
        kind: 'PROCESS',
        label,
        detail,
        state: 'RUNNING',
        eventId: String(eventId),
        pid,
        startedAt: `2024-03-01T12:00:${String(second).padStart(2, '0')}.000Z`,
        endedAt: null,
      })),
      edges: [
        { from: node(2288), to: node(4312), kind: 'STARTED' },
        { from: node(1204), to: node(2288), kind: 'STARTED' },
      ],
    });
  });

  it('ends a subscription with a TelltaleApiError when an event cannot be resolved', async () => {
    const alerts = readSubscription(sut.subscribe(AlertTriggeredDocument));
    cleanups.push(() => alerts.close());
    await untilListening(alerts);

    app.services.pubsub.publish(Topic.AlertTriggered, { alertId: 999 });
    const error = await alerts
      .waitUntil('an error', () => false)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TelltaleApiError);
    expect(error).toMatchObject({
      message: 'alert 999 does not exist',
      code: 'NOT_FOUND',
      extensions: { kind: 'alert', id: '999' },
      path: ['alertTriggered'],
    });
  });

  it('rejects a bad query with a TelltaleApiError carrying its code and position', async () => {
    const error = await sut
      .request(SearchEventsDocument, { query: 'type: FILE and proces.name: x' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TelltaleApiError);
    expect(error).toMatchObject({
      message: "Unknown event field 'proces.name'; did you mean process.name? (at position 15)",
      code: 'QUERY_INVALID',
      extensions: {
        position: 15,
        length: 11,
        problem: 'unknown-field',
        field: 'proces.name',
        suggestions: ['process.name'],
      },
      path: ['events'],
    });
  });
});

function guid(pid: number): string {
  return `6f1c2a7e-0001-4000-8000-${String(pid).padStart(12, '0')}`;
}
