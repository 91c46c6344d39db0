import { createReadStream } from 'node:fs';

import type { Clock } from '../../src/clock.js';
import type { NormalizedEvent } from '../../src/events/event.js';
import type { AlertTriggeredPayload } from '../../src/pubsub/topics.js';
import { EvaluatorRunner } from '../../src/evaluator/evaluator.runner.js';
import { createLeadership } from '../../src/evaluator/leader.js';
import { IngestService } from '../../src/events/ingest/ingest.service.js';
import { silentLogger, type Logger } from '../../src/logger.js';
import type { RuleNode } from '../../src/rules/rule.type.js';
import { RuleService } from '../../src/rules/rule.service.js';
import type { RuleInputValue } from '../../src/rules/rule.validation.js';
import { toNumber } from '../../src/store/db.js';
import { UserService, type UserRecord } from '../../src/users/user.service.js';
import { sysmonCapture } from '../harness/shared-data.js';
import { createTestStore, type TestDialect, type TestStore } from '../harness/stores.js';

/** A clock the test moves by hand. */
export interface ManualClock extends Clock {
  set(time: number): void;
}

export function createManualClock(start = Date.UTC(2026, 0, 1)): ManualClock {
  let time = start;
  return { now: () => time, set: (next) => void (time = next) };
}

/** What an alert is, for comparing runs: the rule, the group and the matched events. */
export interface AlertSummary {
  ruleId: number;
  groupKey: string | null;
  eventIds: number[];
}

/** A store with the rule service, ingest and an evaluator driven by the test. */
export interface EvaluatorFixture {
  test: TestStore;
  clock: ManualClock;
  user: UserRecord;
  rules: RuleService;
  ingest: IngestService;
  evaluator: EvaluatorRunner;
  published: number[];
  createRule(input: RuleInputValue): Promise<RuleNode>;
  importCapture(name: string): Promise<void>;
  storeEvents(events: readonly NormalizedEvent[]): Promise<void>;
  /** Every alert in id order. */
  alerts(): Promise<AlertSummary[]>;
  destroy(): Promise<void>;
}

export async function createEvaluatorFixture(
  dialect: TestDialect,
  options: { allowedLatenessMs?: number; logger?: Logger; batchSize?: number } = {},
): Promise<EvaluatorFixture> {
  const test = await createTestStore(dialect);
  const { db, prisma } = test.store;
  const clock = createManualClock();
  const logger = options.logger ?? silentLogger;
  const user = await new UserService(prisma).ensure();
  const rules = new RuleService({ prisma, db, clock });
  const ingest = new IngestService({ db, clock, logger, pubsub: null });
  const published: number[] = [];
  const evaluator = new EvaluatorRunner({
    db,
    clock,
    logger,
    pubsub: {
      publish: (_topic, payload) => void published.push((payload as AlertTriggeredPayload).alertId),
    },
    leadership: createLeadership(test.target, logger),
    allowedLatenessMs: options.allowedLatenessMs ?? 60_000,
    batchSize: options.batchSize,
  });

  return {
    test,
    clock,
    user,
    rules,
    ingest,
    evaluator,
    published,
    createRule: (input) => rules.create(input, user),
    importCapture: async (name) => {
      const result = await ingest.ingestStream(createReadStream(sysmonCapture(name)));
      if (result.stopped) throw result.stopped;
    },
    storeEvents: async (events) => {
      await ingest.storeEvents(events);
    },
    alerts: () => readAlerts(test),
    destroy: async () => {
      await evaluator.stop();
      await test.destroy();
    },
  };
}

/** Every alert of the store in id order, with its matched event ids. */
export async function readAlerts(test: TestStore): Promise<AlertSummary[]> {
  const { db } = test.store;
  const alerts = await db.all<{ id: unknown; rule_id: unknown; group_key: string | null }>(
    'SELECT id, rule_id, group_key FROM alerts ORDER BY id',
  );
  const links = await db.all<{ alert_id: unknown; event_id: unknown }>(
    'SELECT alert_id, event_id FROM alert_events ORDER BY alert_id, event_id',
  );
  const eventsOf = new Map<number, number[]>();
  for (const link of links) {
    const id = toNumber(link.alert_id);
    eventsOf.set(id, [...(eventsOf.get(id) ?? []), toNumber(link.event_id)]);
  }
  return alerts.map((alert) => ({
    ruleId: toNumber(alert.rule_id),
    groupKey: alert.group_key,
    eventIds: eventsOf.get(toNumber(alert.id)) ?? [],
  }));
}
