import { afterEach, describe, expect, it } from 'vitest';

import { CheckpointMovedError } from '../../src/evaluator/evaluator.repository.js';
import { EvaluatorRunner } from '../../src/evaluator/evaluator.runner.js';
import { createLeadership } from '../../src/evaluator/leader.js';
import { createLogger, silentLogger } from '../../src/logger.js';
import { createPubSubBus } from '../../src/pubsub/pubsub.js';
import { Topic } from '../../src/pubsub/topics.js';
import { GroupBy, TriggerType } from '../../src/rules/rule.js';
import type { RuleInputValue } from '../../src/rules/rule.validation.js';
import { toMillis } from '../../src/store/db.js';
import { dialects } from '../harness/stores.js';
import { waitFor } from '../harness/wait.js';
import { baseTime, minute, taskkillAt } from './factories.js';
import { createEvaluatorFixture, readAlerts, type EvaluatorFixture } from './harness.js';

const taskkill = 'type: PROCESS and process.name: taskkill.exe';
const single: RuleInputValue = {
  name: 'Taskkill',
  query: taskkill,
  trigger: { type: TriggerType.SINGLE_MATCH },
};
const threeIn15: RuleInputValue = {
  name: 'Taskkill burst',
  query: taskkill,
  trigger: { type: TriggerType.COUNT_MATCH, count: 3, windowSeconds: 900 },
};
const hourWindow: RuleInputValue = {
  name: 'Taskkill at noon',
  query: taskkill,
  trigger: {
    type: TriggerType.SCHEDULED_MATCH,
    schedule: { repeat: 'DAILY', startDate: '2024-01-01', startTime: '12:00', endTime: '13:00' },
  },
  aggregate: true,
  group: { by: GroupBy.ACTION },
};

describe.each(dialects)('EvaluatorRunner (%s)', (dialect) => {
  let fixture: EvaluatorFixture;

  afterEach(async () => {
    await fixture?.destroy();
  });

  async function eventIds(): Promise<number[]> {
    const rows = await fixture.test.store.db.all<{ id: unknown }>(
      'SELECT id FROM events ORDER BY id',
    );
    return rows.map((row) => Number(row.id));
  }

  it('lets a rule see only the events stored after it was created', async () => {
    fixture = await createEvaluatorFixture(dialect);
    await fixture.storeEvents([taskkillAt(0)]);
    const rule = await fixture.createRule(single);
    await fixture.storeEvents([taskkillAt(1)]);

    await fixture.evaluator.drain();

    expect(await fixture.alerts()).toEqual([
      { ruleId: Number(rule.id), groupKey: null, eventIds: [2] },
    ]);
    expect(fixture.published).toEqual([1]);
  });

  it('stores the alert with its matched events, one PENDING delivery per action, and the checkpoint', async () => {
    fixture = await createEvaluatorFixture(dialect);
    const { prisma, db } = fixture.test.store;
    const action = (name: string) =>
      prisma.action.create({
        data: {
          name,
          type: 'WEBHOOK',
          config: '{}',
          secrets: '{}',
          createdById: fixture.user.id,
          updatedById: fixture.user.id,
        },
      });
    const [first, second, gone] = [await action('a'), await action('b'), await action('c')];
    const rule = await fixture.createRule({
      ...single,
      actionIds: [first.id, second.id, gone.id].map(String),
    });
    await prisma.action.update({ where: { id: gone.id }, data: { deletedAt: new Date() } });
    fixture.clock.set(baseTime + 5 * minute);
    await fixture.storeEvents([taskkillAt(0)]);

    await fixture.evaluator.drain();

    const deliveries = await db.all<Record<string, unknown>>(
      'SELECT alert_id, action_id, status, attempts, next_attempt_at FROM deliveries ORDER BY action_id',
    );
    expect(
      deliveries.map((row) => [
        Number(row.alert_id),
        Number(row.action_id),
        row.status,
        Number(row.attempts),
        toMillis(row.next_attempt_at),
      ]),
    ).toEqual([
      [1, first.id, 'PENDING', 0, baseTime + 5 * minute],
      [1, second.id, 'PENDING', 0, baseTime + 5 * minute],
    ]);
    const checkpoint = await db.get<{ value: unknown }>(
      "SELECT value FROM counters WHERE name = 'evaluator'",
    );
    expect(Number(checkpoint?.value)).toBe(1);
    const view = await fixture.rules.get(Number(rule.id));
    expect(view).toMatchObject({ alertCount: 1, lastTriggeredAt: new Date(baseTime + 5 * minute) });
  });

  it('discards the open windows when the trigger changes', async () => {
    fixture = await createEvaluatorFixture(dialect);
    const rule = await fixture.createRule(threeIn15);
    await fixture.storeEvents([taskkillAt(0), taskkillAt(1)]);
    await fixture.evaluator.drain();

    await fixture.rules.update(
      Number(rule.id),
      { ...threeIn15, trigger: { ...threeIn15.trigger, count: 2 } },
      fixture.user,
    );
    await fixture.storeEvents([taskkillAt(2)]);
    await fixture.evaluator.drain();
    const afterOne = await fixture.alerts();
    await fixture.storeEvents([taskkillAt(3)]);
    await fixture.evaluator.drain();

    expect(afterOne).toEqual([]);
    expect(await fixture.alerts()).toEqual([
      { ruleId: Number(rule.id), groupKey: 'ws1', eventIds: [3, 4] },
    ]);
  });

  it('keeps the open windows when only the name changes, and names alerts as the rule is now', async () => {
    fixture = await createEvaluatorFixture(dialect);
    const rule = await fixture.createRule(threeIn15);
    await fixture.storeEvents([taskkillAt(0), taskkillAt(1)]);
    await fixture.evaluator.drain();

    await fixture.rules.update(Number(rule.id), { ...threeIn15, name: 'Renamed' }, fixture.user);
    await fixture.storeEvents([taskkillAt(2)]);
    await fixture.evaluator.drain();

    expect(await fixture.alerts()).toEqual([
      { ruleId: Number(rule.id), groupKey: 'ws1', eventIds: [1, 2, 3] },
    ]);
    const row = await fixture.test.store.db.get<{ rule_name: string; rule_version: unknown }>(
      'SELECT rule_name, rule_version FROM alerts',
    );
    expect([row?.rule_name, Number(row?.rule_version)]).toEqual(['Renamed', 2]);
  });

  it('starts afresh when a disabled rule is enabled again, without the events in between', async () => {
    fixture = await createEvaluatorFixture(dialect);
    const rule = await fixture.createRule(threeIn15);
    const id = Number(rule.id);
    await fixture.storeEvents([taskkillAt(0), taskkillAt(1)]);
    await fixture.evaluator.drain();

    await fixture.rules.setEnabled(id, false, fixture.user);
    await fixture.storeEvents([taskkillAt(2)]);
    await fixture.evaluator.drain();
    await fixture.rules.setEnabled(id, true, fixture.user);
    await fixture.storeEvents([taskkillAt(3), taskkillAt(4)]);
    await fixture.evaluator.drain();
    const beforeThird = await fixture.alerts();
    await fixture.storeEvents([taskkillAt(5)]);
    await fixture.evaluator.drain();

    expect(beforeThird).toEqual([]);
    expect(await fixture.alerts()).toEqual([{ ruleId: id, groupKey: 'ws1', eventIds: [4, 5, 6] }]);
  });

  it('keeps the alerts of a deleted rule and evaluates it no more', async () => {
    fixture = await createEvaluatorFixture(dialect);
    const rule = await fixture.createRule(single);
    const id = Number(rule.id);
    await fixture.storeEvents([taskkillAt(0)]);
    await fixture.evaluator.drain();

    await fixture.rules.remove(id, fixture.user);
    await fixture.storeEvents([taskkillAt(1)]);
    await fixture.evaluator.drain();

    expect(await fixture.alerts()).toEqual([{ ruleId: id, groupKey: null, eventIds: [1] }]);
    expect(await fixture.rules.list()).toEqual([]);
    await expect(fixture.rules.get(id)).rejects.toThrow(`rule ${id} does not exist`);
  });

  it('counts late matches per rule and logs them once per rule and cause', async () => {
    const lines: string[] = [];
    const logger = createLogger('test', { write: (line) => lines.push(line) });
    fixture = await createEvaluatorFixture(dialect, { logger });
    const rule = await fixture.createRule(threeIn15);
    await fixture.storeEvents([taskkillAt(60), taskkillAt(0), taskkillAt(58.99), taskkillAt(59)]);

    await fixture.evaluator.drain();

    expect((await fixture.rules.get(Number(rule.id))).lateEvents).toBe(2);
    const late = lines.map((line) => JSON.parse(line)).filter((line) => line.reason);
    expect(late).toEqual([
      expect.objectContaining({
        level: 'warn',
        ruleId: Number(rule.id),
        eventId: 2,
        reason: 'count-window-passed',
        allowedLatenessMs: 60_000,
      }),
    ]);
    expect(await fixture.alerts()).toEqual([]);
  });

  it('closes a scheduled window by the clock once its end and last arrival are a lateness past', async () => {
    fixture = await createEvaluatorFixture(dialect);
    const rule = await fixture.createRule(hourWindow);
    fixture.clock.set(baseTime + 2 * 60 * minute);
    await fixture.storeEvents([taskkillAt(10), taskkillAt(20, { hostname: 'ws2' })]);
    await fixture.evaluator.drain();

    fixture.clock.set(baseTime + 2 * 60 * minute + 59_999);
    const early = await fixture.evaluator.runOnce();
    fixture.clock.set(baseTime + 2 * 60 * minute + 60_000);
    const due = await fixture.evaluator.runOnce();
    const after = await fixture.evaluator.runOnce();

    expect([early, due, after]).toEqual(['idle', 'closed-by-clock', 'idle']);
    expect(await fixture.alerts()).toEqual([
      { ruleId: Number(rule.id), groupKey: '*', eventIds: [1, 2] },
    ]);
    const alert = await fixture.test.store.db.get<Record<string, unknown>>(
      'SELECT hostname, window_start, window_end, match_count FROM alerts',
    );
    expect([
      alert?.hostname,
      toMillis(alert?.window_start),
      toMillis(alert?.window_end),
      Number(alert?.match_count),
    ]).toEqual([null, baseTime, baseTime + 60 * minute, 2]);
  });

  it('wakes when another replica announces stored events, without waiting for its poll', async () => {
    fixture = await createEvaluatorFixture(dialect);
    const bus = createPubSubBus(null, silentLogger);
    const sut = new EvaluatorRunner({
      db: fixture.test.store.db,
      clock: fixture.clock,
      logger: silentLogger,
      pubsub: bus,
      leadership: { acquire: async () => true, release: async () => {} },
      allowedLatenessMs: 60_000,
      idlePollMs: 600_000,
    });
    await fixture.createRule(single);
    sut.start();
    await waitFor('the first idle step', async () => (await readCheckpointRow()) !== null);
    await fixture.storeEvents([taskkillAt(0)]);

    bus.publish(Topic.EventsIngested, { firstId: 1, lastId: 1, count: 1 });

    await waitFor('the alert', async () => (await readAlerts(fixture.test)).length === 1, {
      timeoutMs: 10_000,
    });
    await sut.stop();
    await bus.close();
  });

  async function readCheckpointRow() {
    const row = await fixture.test.store.db.get<{ value: unknown }>(
      "SELECT value FROM counters WHERE name = 'evaluator'",
    );
    return row ?? null;
  }

  it('refuses the commit of an evaluator that another one overtook', async () => {
    fixture = await createEvaluatorFixture(dialect);
    const { db } = fixture.test.store;
    const stale = new EvaluatorRunner({
      db,
      clock: fixture.clock,
      logger: silentLogger,
      pubsub: { publish: () => {} },
      leadership: { acquire: async () => true, release: async () => {} },
      allowedLatenessMs: 60_000,
    });
    await fixture.createRule(single);
    await stale.runOnce();
    await fixture.storeEvents([taskkillAt(0)]);
    await fixture.evaluator.drain();

    await expect(stale.runOnce()).rejects.toBeInstanceOf(CheckpointMovedError);
    expect(await stale.runOnce()).toBe('idle');
    expect(await readAlerts(fixture.test)).toHaveLength(1);
    expect(await eventIds()).toEqual([1]);
  });

  it.runIf(dialect === 'postgresql')(
    'runs one evaluator at a time on PostgreSQL, handing over when the leader stops',
    async () => {
      fixture = await createEvaluatorFixture(dialect);
      const follower = new EvaluatorRunner({
        db: fixture.test.store.db,
        clock: fixture.clock,
        logger: silentLogger,
        pubsub: { publish: () => {} },
        leadership: createLeadership(fixture.test.target, silentLogger),
        allowedLatenessMs: 60_000,
      });
      await fixture.createRule(single);
      await fixture.storeEvents([taskkillAt(0)]);

      const leading = await fixture.evaluator.runOnce();
      const waiting = await follower.runOnce();
      await fixture.evaluator.stop();
      await fixture.storeEvents([taskkillAt(1)]);
      const takenOver = await follower.runOnce();
      await follower.stop();

      expect([leading, waiting, takenOver]).toEqual(['evaluated', 'not-leader', 'evaluated']);
      expect((await fixture.alerts()).map((alert) => alert.eventIds)).toEqual([[1], [2]]);
    },
  );
});
