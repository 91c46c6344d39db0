import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ActionType, type ActionSettings } from '../../src/actions/action.settings.js';
import { Dispatcher, type DispatcherOptions } from '../../src/actions/dispatcher.js';
import { claimDueDeliveries } from '../../src/actions/outbox.repository.js';
import { systemClock, type Clock } from '../../src/clock.js';
import { createLogger, silentLogger } from '../../src/logger.js';
import { createPubSubBus, type PubSub } from '../../src/pubsub/pubsub.js';
import { Topic } from '../../src/pubsub/topics.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createTestStore, dialects, type TestStore } from '../harness/stores.js';
import { closedPort, startHttpReceiver } from './http-receiver.js';
import { storedEvent } from './message-factory.js';
import {
  insertAction,
  insertEvents,
  insertPendingAlert,
  insertRule,
  readDelivery,
} from './outbox-factory.js';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.js';
import { collectUpdates, manualClock, type UpdateLog } from './updates.js';

const t0 = Date.parse('2024-09-15T01:00:00.000Z');
const events = [
  storedEvent({ id: 1 }),
  storedEvent({
    id: 2,
    time: Date.parse('2024-09-15T00:30:05.000Z'),
    processName: 'cmd.exe',
    processCommandLine: 'cmd.exe /c whoami',
  }),
];

const webhook = (url: string): ActionSettings => ({
  type: ActionType.WEBHOOK,
  webhook: { url, headers: [] },
});

describe.each(dialects)('Dispatcher on %s', (dialect) => {
  let testStore: TestStore;
  let store: Store;
  let pubsub: PubSub;
  let log: UpdateLog;
  let ruleId: number;
  const cleanup: (() => Promise<void>)[] = [];

  const createSut = (clock: Clock, options: Partial<DispatcherOptions> = {}, on = store) => {
    const sut = new Dispatcher(
      { db: on.db, secrets: on.secrets, clock, logger: silentLogger, pubsub },
      {
        backoffBaseMs: 10,
        pollIntervalMs: 50,
        timeoutMs: 2_000,
        linkBaseUrl: 'https://telltale.example.test',
        ...options,
      },
    );
    cleanup.push(() => sut.stop());
    return sut;
  };

  const receiver = async (...replies: Parameters<typeof startHttpReceiver>) => {
    const started = await startHttpReceiver(...replies);
    cleanup.push(() => started.close());
    return started;
  };

  // One alert with one PENDING delivery through `settings`, as the evaluator writes it.
  const pending = async (settings: ActionSettings, now: number) => {
    const actionId = await insertAction(store, settings);
    const { alertId, deliveryIds } = await insertPendingAlert(store, {
      ruleId,
      actionIds: [actionId],
      now,
      events,
    });
    return { actionId, alertId, deliveryId: deliveryIds[0]! };
  };

  beforeEach(async () => {
    testStore = await createTestStore(dialect);
    store = testStore.store;
    pubsub = createPubSubBus(null, silentLogger);
    log = collectUpdates(pubsub);
    ruleId = await insertRule(store);
    await insertEvents(store, events);
  });

  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
    await log.stop();
    await testStore.destroy();
  });

  it('delivers a pending delivery and records SUCCESS with the time', async () => {
    const hook = await receiver([{ status: 202 }]);
    const { actionId, alertId, deliveryId } = await pending(webhook(`${hook.url}/hook`), t0);
    const sut = createSut(manualClock(t0));

    sut.start();
    const updates = await log.waitFor(1);

    expect(updates).toEqual([{ deliveryId, alertId, status: 'SUCCESS' }]);
    expect(await readDelivery(store, deliveryId)).toMatchObject({
      status: 'SUCCESS',
      attempts: 1,
      lastError: null,
      deliveredAt: t0,
    });
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]!.headers['idempotency-key']).toBe(
      `telltale-alert-${alertId}-action-${actionId}`,
    );
    const body = hook.received[0]!.body as Record<string, unknown>;
    expect(body.version).toBe(1);
    expect(body.alert).toEqual({
      id: alertId,
      title: 'Encoded PowerShell',
      url: `https://telltale.example.test/alerts/${alertId}`,
      severity: 'HIGH',
      triggerType: 'SINGLE_MATCH',
      groupKey: null,
      hostname: null,
      matchCount: 2,
      firstTime: '2024-09-15T00:30:00.123Z',
      lastTime: '2024-09-15T00:30:05.000Z',
      windowStart: null,
      windowEnd: null,
    });
    expect(body.rule).toEqual({
      id: ruleId,
      name: 'Encoded PowerShell',
      query: 'process.name:powershell.exe',
      description: 'PowerShell started with an encoded command.',
    });
    expect((body.events as { id: number }[]).map((event) => event.id)).toEqual([1, 2]);
    expect(body.eventsOmitted).toBe(0);
  });

  it('succeeds on the third try after two 500s, with one idempotency key', async () => {
    const hook = await receiver([
      { status: 500, body: 'busy' },
      { status: 500, body: 'busy' },
      { status: 202 },
    ]);
    const { actionId, alertId, deliveryId } = await pending(
      webhook(`${hook.url}/hook`),
      systemClock.now(),
    );
    const sut = createSut(systemClock);

    sut.start();
    const updates = await log.waitFor(3);

    expect(updates.map((update) => update.status)).toEqual(['PENDING', 'PENDING', 'SUCCESS']);
    expect(await readDelivery(store, deliveryId)).toMatchObject({
      status: 'SUCCESS',
      attempts: 3,
      lastError: `HTTP 500 Internal Server Error from ${new URL(hook.url).host}: busy`,
    });
    expect(hook.received.map((request) => request.headers['idempotency-key'])).toEqual([
      `telltale-alert-${alertId}-action-${actionId}`,
      `telltale-alert-${alertId}-action-${actionId}`,
      `telltale-alert-${alertId}-action-${actionId}`,
    ]);
  });

  it('records and logs a failure with the secret URL path the receiver echoed masked', async () => {
    const secretPath = '/hooks/very-secret-path-123456';
    const hook = await receiver([{ status: 500, body: `bad request to ${secretPath}` }]);
    const { deliveryId } = await pending(webhook(`${hook.url}${secretPath}`), systemClock.now());
    const lines: string[] = [];
    const sut = new Dispatcher(
      {
        db: store.db,
        secrets: store.secrets,
        clock: systemClock,
        pubsub,
        logger: createLogger('test', { write: (line) => lines.push(line) }),
      },
      { maxAttempts: 1, pollIntervalMs: 50 },
    );
    cleanup.push(() => sut.stop());

    sut.start();
    await log.waitFor(1);

    const reason = `HTTP 500 Internal Server Error from ${new URL(hook.url).host}: bad request to /****3456`;
    expect(await readDelivery(store, deliveryId)).toMatchObject({
      status: 'FAILED',
      lastError: reason,
    });
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 'warn', message: 'delivery failed', deliveryId, reason }),
    ]);
    expect(lines.join('\n')).not.toContain('very-secret-path');
  });

  it('fails after the configured tries when the port is closed', async () => {
    const port = await closedPort();
    const { deliveryId } = await pending(
      webhook(`http://127.0.0.1:${port}/hook`),
      systemClock.now(),
    );
    const sut = createSut(systemClock, { maxAttempts: 3 });

    sut.start();
    const updates = await log.waitFor(3);

    expect(updates.map((update) => update.status)).toEqual(['PENDING', 'PENDING', 'FAILED']);
    expect(await readDelivery(store, deliveryId)).toMatchObject({
      status: 'FAILED',
      attempts: 3,
      lastError: `connection refused by 127.0.0.1:${port}`,
      deliveredAt: null,
    });
  });

  it('waits twice as long after each failed try, up to the longest wait', async () => {
    const port = await closedPort();
    const { deliveryId } = await pending(webhook(`http://127.0.0.1:${port}/hook`), t0);
    const clock = manualClock(t0);
    const sut = createSut(clock, { maxAttempts: 3, backoffBaseMs: 1_000, backoffMaxMs: 1_500 });

    sut.start();
    await log.waitFor(1);
    const afterFirst = await readDelivery(store, deliveryId);
    clock.advance(1_000);
    sut.wake();
    await log.waitFor(2);
    const afterSecond = await readDelivery(store, deliveryId);
    clock.advance(1_500);
    sut.wake();
    await log.waitFor(3);

    expect(afterFirst).toMatchObject({ status: 'PENDING', attempts: 1, nextAttemptAt: t0 + 1_000 });
    expect(afterSecond).toMatchObject({
      status: 'PENDING',
      attempts: 2,
      nextAttemptAt: t0 + 2_500,
    });
    expect(await readDelivery(store, deliveryId)).toMatchObject({
      status: 'FAILED',
      attempts: 3,
    });
  });

  it('records a timeout for a receiver that never answers', async () => {
    const hook = await receiver(['hang']);
    const { deliveryId } = await pending(webhook(`${hook.url}/hook`), systemClock.now());
    const sut = createSut(systemClock, { maxAttempts: 1, timeoutMs: 300 });

    sut.start();
    await log.waitFor(1);

    expect(await readDelivery(store, deliveryId)).toMatchObject({
      status: 'FAILED',
      attempts: 1,
      lastError: `timed out after 300 ms waiting for ${new URL(hook.url).host}`,
    });
  });

  it('delivers to a working webhook while another one hangs', async () => {
    const stuck = await receiver(['hang']);
    const working = await receiver([{ status: 200 }]);
    const stuckId = await insertAction(store, webhook(`${stuck.url}/hook`));
    const workingId = await insertAction(store, webhook(`${working.url}/hook`));
    const { alertId, deliveryIds } = await insertPendingAlert(store, {
      ruleId,
      actionIds: [stuckId, workingId],
      now: systemClock.now(),
    });
    const sut = createSut(systemClock, { timeoutMs: 20_000 });

    sut.start();
    await stuck.waitFor(1);
    const updates = await log.waitFor(1);

    expect(updates).toEqual([{ deliveryId: deliveryIds[1], alertId, status: 'SUCCESS' }]);
    expect(await readDelivery(store, deliveryIds[0]!)).toMatchObject({
      status: 'PENDING',
      attempts: 1,
    });
    await stuck.close();
  });

  it('fails a delivery whose action was deleted without sending it', async () => {
    const hook = await receiver();
    const { actionId, deliveryId } = await pending(webhook(`${hook.url}/hook`), t0);
    await store.prisma.action.update({
      where: { id: actionId },
      data: { deletedAt: new Date(t0) },
    });
    const sut = createSut(manualClock(t0));

    sut.start();
    await log.waitFor(1);

    expect(await readDelivery(store, deliveryId)).toMatchObject({
      status: 'FAILED',
      attempts: 1,
      lastError: 'the action was deleted before the delivery was sent',
    });
    expect(hook.received).toEqual([]);
  });

  describe('email', () => {
    let smtp: SmtpReceiver;

    afterEach(async () => {
      await smtp.close();
    });

    const email = (port: number, to: string[]): ActionSettings => ({
      type: ActionType.EMAIL,
      email: {
        host: '127.0.0.1',
        port,
        secure: false,
        user: null,
        password: null,
        from: 'telltale@example.test',
        to,
      },
    });

    it('sends the alert e-mail to every recipient', async () => {
      smtp = await startSmtpReceiver();
      const { actionId, alertId, deliveryId } = await pending(
        email(smtp.port, ['soc@example.test']),
        t0,
      );
      const sut = createSut(manualClock(t0));

      sut.start();
      await log.waitFor(1);

      expect(await readDelivery(store, deliveryId)).toMatchObject({ status: 'SUCCESS' });
      expect(smtp.received).toHaveLength(1);
      const { recipients, mail } = smtp.received[0]!;
      expect(recipients).toEqual(['soc@example.test']);
      expect(mail.subject).toBe('[Telltale] HIGH: Encoded PowerShell');
      expect(mail.messageId).toBe(`<telltale-alert-${alertId}-action-${actionId}@example.test>`);
      expect(mail.text!.split('\n')).toEqual(
        expect.arrayContaining([
          'Matches: 2',
          'Events (2):',
          '  2024-09-15T00:30:05.000Z host-1 PROCESS STARTED cmd.exe /c whoami',
        ]),
      );
    });

    it('fails at once with the reply of a server that refuses the recipient', async () => {
      smtp = await startSmtpReceiver({ rejectRecipients: ['gone@example.test'] });
      const { deliveryId } = await pending(email(smtp.port, ['gone@example.test']), t0);
      const sut = createSut(manualClock(t0));

      sut.start();
      await log.waitFor(1);

      expect(await readDelivery(store, deliveryId)).toMatchObject({
        status: 'FAILED',
        attempts: 1,
        lastError: `SMTP server 127.0.0.1:${smtp.port} replied: 550 5.1.1 <gone@example.test>: Recipient address rejected`,
      });
    });
  });

  it('sends again with the same key when a claim was never recorded', async () => {
    const hook = await receiver();
    const { actionId, alertId, deliveryId } = await pending(webhook(`${hook.url}/hook`), t0);
    // A replica claimed the row and died before recording what happened.
    const claimed = await claimDueDeliveries(store.db, t0, t0 + 70_000, 10);
    const clock = manualClock(t0);
    const sut = createSut(clock, { timeoutMs: 10_000, leaseMs: 70_000 });

    sut.start();
    clock.advance(70_000);
    sut.wake();
    await log.waitFor(1);

    expect(claimed.map((claim) => claim.id)).toEqual([deliveryId]);
    expect(await readDelivery(store, deliveryId)).toMatchObject({
      status: 'SUCCESS',
      attempts: 2,
    });
    expect(hook.received.map((request) => request.headers['idempotency-key'])).toEqual([
      `telltale-alert-${alertId}-action-${actionId}`,
    ]);
  });

  it('looks at the outbox at once when woken or when an alert is published', async () => {
    const hook = await receiver();
    const actionId = await insertAction(store, webhook(`${hook.url}/hook`));
    const sut = createSut(systemClock, { pollIntervalMs: 600_000 });
    sut.start();

    const first = await insertPendingAlert(store, {
      ruleId,
      actionIds: [actionId],
      now: systemClock.now(),
    });
    sut.wake();
    await log.waitFor(1);
    const second = await insertPendingAlert(store, {
      ruleId,
      actionIds: [actionId],
      now: systemClock.now(),
    });
    pubsub.publish(Topic.AlertTriggered, { alertId: second.alertId });
    const updates = await log.waitFor(2);

    expect(updates.map((update) => update.alertId)).toEqual([first.alertId, second.alertId]);
  });

  it('waits for sends in flight when stopped', async () => {
    const hook = await receiver([{ status: 200, delayMs: 200 }]);
    const { deliveryId } = await pending(webhook(`${hook.url}/hook`), systemClock.now());
    const sut = createSut(systemClock);

    sut.start();
    await hook.waitFor(1);
    await sut.stop();

    expect(await readDelivery(store, deliveryId)).toMatchObject({
      status: 'SUCCESS',
      attempts: 1,
    });
  });

  it('never sends one delivery twice from two dispatchers on one store', async () => {
    const hook = await receiver([{ status: 200, delayMs: 5 }]);
    const actionIds = [
      await insertAction(store, webhook(`${hook.url}/a`)),
      await insertAction(store, webhook(`${hook.url}/b`)),
    ];
    const deliveryIds: number[] = [];
    for (let alert = 0; alert < 20; alert++) {
      const pending = await insertPendingAlert(store, { ruleId, actionIds, now: t0 });
      deliveryIds.push(...pending.deliveryIds);
    }
    const replica = await openStore(testStore.target, silentLogger);
    cleanup.push(() => replica.close());
    const first = createSut(manualClock(t0), { concurrency: 4 });
    const second = createSut(manualClock(t0), { concurrency: 4 }, replica);

    first.start();
    second.start();
    await log.waitFor(40);

    const keys = hook.received.map((request) => request.headers['idempotency-key']);
    expect(keys).toHaveLength(40);
    expect(new Set(keys).size).toBe(40);
    const rows = await store.prisma.delivery.findMany({ select: { status: true, attempts: true } });
    expect(rows).toEqual(deliveryIds.map(() => ({ status: 'SUCCESS', attempts: 1 })));
  });
});
