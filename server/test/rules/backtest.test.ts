import { afterEach, describe, expect, it } from 'vitest';

import { ActionRepository } from '../../src/actions/action.repository.js';
import { ActionType } from '../../src/actions/action.settings.js';
import { BacktestService } from '../../src/rules/backtest.service.js';
import { demoRule } from '../../src/rules/demo-rules.js';
import { GroupBy, TriggerType } from '../../src/rules/rule.js';
import { hasSharedData } from '../harness/shared-data.js';
import { dialects } from '../harness/stores.js';
import { createEvaluatorFixture, type EvaluatorFixture } from '../evaluator/harness.js';

// The captures' own days: the APT simulator ran on 2021-06-12 (UTC), Covenant on 2019-12-05.
const aptDay = { from: new Date('2021-06-12T00:00:00Z'), to: new Date('2021-06-13T00:00:00Z') };
const covenantDay = {
  from: new Date('2019-12-05T00:00:00Z'),
  to: new Date('2019-12-06T00:00:00Z'),
};
// Covenant's day holds more network events than either bound lets through.
const everyNetworkEvent = {
  name: 'Every network event',
  query: 'type: NETWORK',
  trigger: { type: TriggerType.SINGLE_MATCH },
};

describe.skipIf(!hasSharedData).each(dialects)(`${BacktestService.name} (%s)`, (dialect) => {
  let fixture: EvaluatorFixture;

  afterEach(async () => {
    await fixture?.destroy();
  });

  async function setUp(capture: string, limits?: { events: number; alerts: number }) {
    fixture = await createEvaluatorFixture(dialect);
    await fixture.importCapture(capture);
    const { db, prisma, secrets } = fixture.test.store;
    const sut = new BacktestService({
      db,
      prisma,
      secrets,
      rules: fixture.rules,
      allowedLatenessMs: 60_000,
      limits,
    });
    return sut;
  }

  async function storedRows(): Promise<number[]> {
    const { db } = fixture.test.store;
    const counts = [];
    for (const table of ['alerts', 'alert_events', 'deliveries', 'rule_states']) {
      const row = await db.get<{ n: unknown }>(`SELECT count(*) AS n FROM ${table}`);
      counts.push(Number(row?.n));
    }
    return counts;
  }

  it('runs a saved rule over the range and renders a message per action, storing nothing', async () => {
    const sut = await setUp('aptsimulator_cobaltstrike');
    const actions = new ActionRepository(
      fixture.test.store.prisma,
      fixture.test.store.db,
      fixture.test.store.secrets,
    );
    const hook = await actions.create(
      'Hook',
      { type: ActionType.WEBHOOK, webhook: { url: 'http://127.0.0.1:39/hook', headers: [] } },
      fixture.user,
      new Date(),
    );
    const slack = await actions.create(
      'Slack',
      { type: ActionType.SLACK, slack: { url: 'http://127.0.0.1:39/slack' } },
      fixture.user,
      new Date(),
    );
    const rule = await fixture.createRule({
      ...demoRule('taskkill-burst'),
      actionIds: [String(hook.id), String(slack.id)],
    });

    const result = await sut.backtestRule(Number(rule.id), aptDay.from, aptDay.to);

    expect(result).toMatchObject({
      matchedEvents: 5,
      lateEvents: 0,
      openWindows: 0,
      limitReached: null,
      limitMessage: null,
    });
    expect(result.alerts.map((alert) => [alert.groupKey, alert.eventIds])).toEqual([
      ['workstation5', ['35', '89', '120']],
    ]);
    const messages = result.alerts[0]!.messages;
    expect(messages.map((message) => [message.actionName, message.channel])).toEqual([
      ['Hook', 'WEBHOOK'],
      ['Slack', 'SLACK'],
    ]);
    expect(JSON.stringify(messages[0]!.content)).toContain('Burst of taskkill');
    expect(await storedRows()).toEqual([0, 0, 0, 0]);
  });

  it('sees events stored before a saved rule existed', async () => {
    const sut = await setUp('aptsimulator_cobaltstrike');
    const rule = await fixture.createRule(demoRule('cobalt-strike-pipe'));

    const result = await sut.backtestRule(Number(rule.id), aptDay.from, aptDay.to);

    expect(result.alerts.map((alert) => alert.eventIds)).toEqual([
      ['28'],
      ['80'],
      ['114'],
      ['147'],
    ]);
  });

  it('runs a draft and closes the scheduled windows that end by the end of the range', async () => {
    const sut = await setUp('covenant_psremoting_grunt');
    const draft = demoRule('powershell-connections-daily');

    const whole = await sut.backtestDraft(draft, covenantDay.from, covenantDay.to);
    const cut = await sut.backtestDraft(draft, covenantDay.from, new Date('2019-12-05T12:00:00Z'));

    expect(whole.alerts.map((alert) => [alert.groupKey, alert.eventIds, alert.windowEnd])).toEqual([
      ['it001.shire.com', ['106', '120', '125'], covenantDay.to],
      ['hr001.shire.com', ['118', '126'], covenantDay.to],
    ]);
    expect(whole.openWindows).toBe(0);
    expect([cut.alerts, cut.openWindows]).toEqual([[], 2]);
  });

  it('aggregates a Single Match per block of 5000 event ids, as a backlog is read', async () => {
    const sut = await setUp('covenant_psremoting_grunt');

    const result = await sut.backtestDraft(
      {
        name: 'PowerShell files',
        query: 'type: FILE and process.name: powershell.exe',
        trigger: { type: TriggerType.SINGLE_MATCH },
        aggregate: true,
        group: { by: GroupBy.ACTION },
      },
      covenantDay.from,
      covenantDay.to,
    );

    expect(
      result.alerts.map((alert) => [alert.groupKey, alert.matchCount, alert.eventIds]),
    ).toEqual([['*', 4, ['111', '112', '114', '143']]]);
  });

  it('stops at the alert bound and says so', async () => {
    const sut = await setUp('covenant_psremoting_grunt', { events: 1000, alerts: 100 });

    const result = await sut.backtestDraft(everyNetworkEvent, covenantDay.from, covenantDay.to);

    expect(result.alerts).toHaveLength(100);
    expect(result.limitReached).toBe('ALERTS');
    expect(result.limitMessage).toBe(
      'stopped at 100 alerts; narrow the range or the query to see the rest',
    );
  });

  it('stops at the event bound and says where', async () => {
    const sut = await setUp('covenant_psremoting_grunt', { events: 50, alerts: 100 });

    const result = await sut.backtestDraft(everyNetworkEvent, covenantDay.from, covenantDay.to);

    expect(result.matchedEvents).toBe(50);
    expect(result.alerts).toHaveLength(50);
    expect(result.limitReached).toBe('EVENTS');
    expect(result.limitMessage).toBe(
      `stopped after 50 matching events (up to event ${result.alerts[49]!.eventIds[0]}); ` +
        'narrow the range or the query to see the rest',
    );
  });

  it('rejects a range that ends before it starts', async () => {
    const sut = await setUp('psh_lsass_memory_dump_comsvcs');

    await expect(
      sut.backtestDraft(demoRule('lsass-dump-comsvcs'), aptDay.to, aptDay.from),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'to' } });
  });
});
