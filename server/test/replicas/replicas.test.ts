import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTelltaleClient, type TelltaleClient } from '../../src/client/client.js';
import {
  AlertsDocument,
  AlertTriggeredDocument,
  CreateActionDocument,
  CreateRuleDocument,
  type AlertTriggeredSubscription,
} from '../../src/client/generated.js';
import { startHttpReceiver, type HttpReceiver } from '../actions/http-receiver.js';
import { processStarted } from '../harness/native-records.js';
import { redisTestUrl } from '../harness/redis.js';
import { lastLines, startServerProcess, type ServerProcess } from '../harness/server-process.js';
import { createTestTarget, postgresAdminUrl } from '../harness/stores.js';
import { readSubscription, type SubscriptionReader } from '../harness/subscription-reader.js';
import { waitFor } from '../harness/wait.js';

type Replica = ServerProcess;
type AlertReader = SubscriptionReader<AlertTriggeredSubscription>;

// Whether the replica logged that it took the evaluator lock.
const hasLed = (replica: Replica) => replica.hasLogged('this process now runs the evaluator');

const enabled = Boolean(postgresAdminUrl && redisTestUrl);
if (!enabled) console.warn('skipping replica tests: they need PostgreSQL and Redis');

// Three `telltale serve` processes on one PostgreSQL database and one Redis, as behind a
// load balancer. The tests share the replicas and run in order; A leads until the second
// test kills it.
describe.skipIf(!enabled)('replicas sharing subscriptions through Redis', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  const replicas: Replica[] = [];
  const clients = new Map<Replica, TelltaleClient>();
  const readers = new Map<Replica, AlertReader>();
  let databaseUrl: string;
  let hook: HttpReceiver;
  let ruleId: string;
  let nextPid = 6000;

  beforeAll(async () => {
    hook = await startHttpReceiver([{ status: 200 }]);
    cleanups.push(() => hook.close());
    const database = await createTestTarget('postgresql');
    cleanups.push(() => database.destroy());
    databaseUrl = database.target.dialect === 'postgresql' ? database.target.url : '';
    const dataDir = mkdtempSync(join(tmpdir(), 'telltale-replicas-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisTestUrl!,
      // Runs in parallel share the Redis server, never a channel.
      TELLTALE_REDIS_PREFIX: `telltale-test-${randomBytes(6).toString('hex')}:`,
      TELLTALE_DATA_DIR: dataDir,
    };
    const start = async (name: string) => {
      const replica = await startServerProcess(env, { name, timeoutMs: 60_000 });
      replicas.push(replica);
      cleanups.push(() => replica.stop());
      const client = createTelltaleClient({ url: `${replica.url}/graphql` });
      clients.set(replica, client);
      cleanups.push(() => client.close());
      return replica;
    };

    // A migrates the empty database and takes the evaluator lock before the others start.
    const a = await start('A');
    await waitFor('replica A to lead', () => hasLed(a), { timeoutMs: 30_000 });
    await Promise.all([start('B'), start('C')]);

    const b = clients.get(replicas[1]!)!;
    const { createAction } = await b.request(CreateActionDocument, {
      input: { name: 'SOC webhook', settings: { type: 'WEBHOOK', webhook: { url: hook.url } } },
    });
    const { createRule } = await b.request(CreateRuleDocument, {
      input: {
        name: 'PowerShell started',
        query: 'process.name: powershell.exe',
        trigger: { type: 'SINGLE_MATCH' },
        actionIds: [createAction.id],
      },
    });
    ruleId = createRule.id;
    const { createRule: probeRule } = await b.request(CreateRuleDocument, {
      input: {
        name: 'Probe',
        query: 'asset.hostname: PROBE-01',
        trigger: { type: 'SINGLE_MATCH' },
      },
    });

    for (const replica of replicas) {
      const reader = readSubscription(clients.get(replica)!.subscribe(AlertTriggeredDocument));
      readers.set(replica, reader);
      cleanups.push(() => reader.close());
    }
    // graphql-ws does not confirm a subscription: probe events are sent until every
    // subscriber has seen a probe alert, so none misses an alert of the rule under test.
    await waitFor(
      'every subscriber to listen',
      async () => {
        await postEvents(replicas[0]!, [
          processStarted({
            hostName: 'PROBE-01',
            path: 'C:\\Windows\\System32\\cmd.exe',
            ...nextProcess(),
          }),
        ]);
        const heard = () =>
          [...readers.values()].every((reader) =>
            reader.received.some(({ alertTriggered }) => alertTriggered.ruleId === probeRule.id),
          );
        await waitFor('a probe alert', heard, { timeoutMs: 2000 }).catch(() => false);
        return heard();
      },
      { timeoutMs: 60_000, intervalMs: 0 },
    );
  }, 240_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  }, 60_000);

  it('sends each alert once to the subscribers of every replica', async () => {
    const [a] = replicas;

    const summary = await postEvents(a!, [
      processStarted(nextProcess()),
      processStarted(nextProcess()),
      processStarted(nextProcess()),
    ]);
    await untilReceived([...readers.values()], 3);
    const stored = await storedAlertIds();

    expect(summary).toMatchObject({ lines: 3, accepted: 3, rejected: 0 });
    expect(stored).toHaveLength(3);
    for (const [replica, reader] of readers) {
      expect({ replica: replica.name, alerts: ruleAlertIds(reader) }).toEqual({
        replica: replica.name,
        alerts: stored,
      });
    }
    await untilDelivered(stored);
    expect(deliveredAlertIds()).toEqual(stored);
  });

  it('hands the evaluator to a survivor when the leader dies, without losing or repeating an alert', async () => {
    const leader = replicas.find(hasLed)!;
    const survivors = replicas.filter((replica) => replica !== leader);
    expect(replicas.filter(hasLed).map(({ name }) => name)).toEqual(['A']);
    const before = await storedAlertIds();
    await untilDelivered(before);

    leader.child.kill('SIGKILL');
    await leader.exited;
    await postEvents(survivors[0]!, [processStarted(nextProcess()), processStarted(nextProcess())]);
    const successor = await waitFor(
      'a survivor to take the evaluator lock',
      () => survivors.find(hasLed),
      { timeoutMs: 30_000 },
    );
    const survivorReaders = survivors.map((replica) => readers.get(replica)!);
    await untilReceived(survivorReaders, before.length + 2);
    // One more alert after those: a repeated alert would arrive before it.
    await postEvents(survivors[1]!, [processStarted(nextProcess())]);
    await untilReceived(survivorReaders, before.length + 3);
    const stored = await storedAlertIds();

    expect(survivors.filter(hasLed).map(({ name }) => name)).toEqual([successor.name]);
    expect(stored).toHaveLength(before.length + 3);
    for (const replica of survivors) {
      expect({ replica: replica.name, alerts: ruleAlertIds(readers.get(replica)!) }).toEqual({
        replica: replica.name,
        alerts: stored,
      });
    }
    expect(await alertsPerMatchedEvent()).toEqual(stored.map(() => 1));
    await untilDelivered(stored);
    expect(deliveredAlertIds()).toEqual(stored);
  });

  /** A fresh PID and process GUID for the next event, a few seconds after the last. */
  function nextProcess() {
    const pid = (nextPid += 4);
    return { pid, guid: `6f1c2a7e-0002-4000-8000-${String(pid).padStart(12, '0')}`, second: pid };
  }

  async function postEvents(replica: Replica, records: Record<string, unknown>[]) {
    const response = await fetch(`${replica.url}/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: records.map((record) => JSON.stringify(record)).join('\n') + '\n',
    });
    if (response.status !== 200) {
      throw new Error(
        `POST /ingest on ${replica.name}: ${response.status} ${await response.text()}`,
      );
    }
    return (await response.json()) as Record<string, unknown>;
  }

  /** The alerts of the rule under test, oldest first, read through a live replica. */
  async function storedAlertIds(): Promise<string[]> {
    const { alerts } = await liveClient().request(AlertsDocument, { first: 200 });
    return alerts.edges
      .map(({ node }) => node)
      .filter((alert) => alert.ruleId === ruleId)
      .map(({ id }) => id)
      .reverse();
  }

  // A client of a replica still running.
  function liveClient(): TelltaleClient {
    const replica = replicas.find(({ child }) => child.exitCode === null && !child.signalCode);
    return clients.get(replica!)!;
  }

  function ruleAlertIds(reader: AlertReader): string[] {
    return reader.received
      .map(({ alertTriggered }) => alertTriggered)
      .filter((alert) => alert.ruleId === ruleId)
      .map(({ id }) => id);
  }

  async function untilReceived(targets: AlertReader[], count: number): Promise<void> {
    await Promise.all(
      targets.map((reader) =>
        reader.waitUntil(`${count} alerts`, () => ruleAlertIds(reader).length >= count, 30_000),
      ),
    ).catch((error: unknown) => {
      const logs = replicas.map((replica) => `${replica.name}:\n${lastLines(replica.logs)}`);
      throw new Error(`${String(error)}\n${logs.join('\n')}`);
    });
  }

  // The alert ids in the Idempotency-Key of each webhook delivery, in id order.
  function deliveredAlertIds(): string[] {
    return hook.received
      .map(({ headers }) => /^telltale-alert-(\d+)-/.exec(String(headers['idempotency-key']))![1]!)
      .sort((x, y) => Number(x) - Number(y));
  }

  // Until the webhook has every alert and each delivery is recorded SUCCESS: a replica
  // killed before recording its send would leave a claimed delivery to retry.
  async function untilDelivered(alertIds: string[]): Promise<void> {
    await waitFor(
      `${alertIds.length} deliveries`,
      async () => {
        if (hook.received.length < alertIds.length) return false;
        const { alerts } = await liveClient().request(AlertsDocument, { first: 200 });
        const statuses = alerts.edges
          .filter(({ node }) => alertIds.includes(node.id))
          .flatMap(({ node }) => node.deliveries.map(({ status }) => status));
        return statuses.length === alertIds.length && statuses.every((s) => s === 'SUCCESS');
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  }

  // How many alerts of the rule under test hold each matched event, by event id.
  async function alertsPerMatchedEvent(): Promise<number[]> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ alerts: number }>(
        `SELECT count(*)::int AS alerts FROM alert_events ae
         JOIN alerts a ON a.id = ae.alert_id
         WHERE a.rule_id = $1 GROUP BY ae.event_id ORDER BY ae.event_id`,
        [Number(ruleId)],
      );
      return rows.map(({ alerts }) => alerts);
    } finally {
      await client.end();
    }
  }
});
