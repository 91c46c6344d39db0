import { afterEach, describe, expect, it } from 'vitest';

import { RuleService } from '../../src/rules/rule.service.js';
import { GroupBy, TriggerType } from '../../src/rules/rule.js';
import type { RuleInputValue } from '../../src/rules/rule.validation.js';
import { dialects } from '../harness/stores.js';
import { taskkillAt } from '../evaluator/factories.js';
import { createEvaluatorFixture, type EvaluatorFixture } from '../evaluator/harness.js';

function ruleInput(overrides: Partial<RuleInputValue> = {}): RuleInputValue {
  return {
    name: 'Taskkill burst',
    description: 'Tools stopped in a hurry',
    query: 'type: PROCESS and process.name: taskkill.exe',
    severity: 'HIGH',
    trigger: { type: TriggerType.COUNT_MATCH, count: 3, windowSeconds: 900 },
    ...overrides,
  };
}

const weekdays = {
  type: TriggerType.SCHEDULED_MATCH,
  schedule: {
    repeat: 'WEEKLY',
    weekdays: ['MONDAY', 'FRIDAY'],
    startDate: '2026-01-01',
    startTime: '09:00',
    endTime: '17:00',
  },
} as const;

describe.each(dialects)(`${RuleService.name} (%s)`, (dialect) => {
  let fixture: EvaluatorFixture;
  let sut: RuleService;

  afterEach(async () => {
    await fixture?.destroy();
  });

  async function setUp() {
    fixture = await createEvaluatorFixture(dialect);
    sut = fixture.rules;
  }

  it('creates a rule with its defaults and reads it back as the API shows it', async () => {
    await setUp();
    fixture.clock.set(Date.UTC(2026, 0, 5, 8));
    await fixture.storeEvents([taskkillAt(0), taskkillAt(1)]);

    const rule = await sut.create(ruleInput(), fixture.user);
    const row = await sut.row(Number(rule.id));

    expect(rule).toEqual({
      id: '1',
      name: 'Taskkill burst',
      description: 'Tools stopped in a hurry',
      query: 'type: PROCESS and process.name: taskkill.exe',
      enabled: true,
      severity: 'HIGH',
      trigger: {
        type: 'COUNT_MATCH',
        count: 3,
        windowSeconds: 900,
        schedule: null,
        description: '3 matches within 15 minutes',
      },
      aggregate: false,
      group: null,
      timeZone: 'UTC',
      actionIds: [],
      version: 1,
      createdAt: new Date(Date.UTC(2026, 0, 5, 8)),
      createdBy: 'local-admin',
      updatedAt: new Date(Date.UTC(2026, 0, 5, 8)),
      updatedBy: 'local-admin',
      lastTriggeredAt: null,
      alertCount: 0,
      lateEvents: 0,
      scheduleSummary: null,
      nextWindows: null,
    });
    expect([row.startEventId, row.resetVersion]).toEqual([2, 1]);
  });

  it('shows the summary line and the next five windows of a scheduled rule in its zone', async () => {
    await setUp();
    fixture.clock.set(Date.UTC(2026, 2, 27, 12)); // Friday 27 March 2026, 13:00 in Berlin

    const rule = await sut.create(
      ruleInput({ trigger: weekdays, timeZone: 'Europe/Berlin' }),
      fixture.user,
    );

    expect(rule.scheduleSummary).toBe(
      'Repeats every Monday and Friday from 9:00 am to 5:00 pm (8.00 hours)',
    );
    expect(rule.nextWindows!.map((window) => window.start.toISOString())).toEqual([
      '2026-03-27T08:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
      '2026-04-03T07:00:00.000Z',
      '2026-04-06T07:00:00.000Z',
      '2026-04-10T07:00:00.000Z',
    ]);
    expect(rule.trigger.schedule).toEqual({
      repeat: 'WEEKLY',
      every: 1,
      weekdays: ['MONDAY', 'FRIDAY'],
      dayOfMonth: null,
      startDate: '2026-01-01',
      endDate: null,
      startTime: '09:00',
      endTime: '17:00',
      durationMinutes: 480,
    });
  });

  it.each([
    [{ name: '  ' }, 'name', 'name: give the rule a name'],
    [{ query: '' }, 'query', 'query: give a query; a rule on every event is not allowed'],
    [
      { severity: 'SEVERE' },
      'severity',
      'severity: must be one of INFO, LOW, MEDIUM, HIGH, CRITICAL',
    ],
    [
      { trigger: { type: TriggerType.COUNT_MATCH, count: 0, windowSeconds: 900 } },
      'trigger.count',
      'trigger.count: must be a whole number from 1 to 1000',
    ],
    [
      { trigger: { type: TriggerType.COUNT_MATCH, count: 3 } },
      'trigger.windowSeconds',
      'trigger.windowSeconds: must be a whole number of seconds from 1 to 2592000 (30 days)',
    ],
    [
      { trigger: { type: TriggerType.SINGLE_MATCH, count: 3 } },
      'trigger.count',
      'trigger.count: a SINGLE_MATCH trigger does not take count',
    ],
    [
      { trigger: { ...weekdays, schedule: { ...weekdays.schedule, startTime: '25:00' } } },
      'trigger.schedule.startTime',
      'trigger.schedule.startTime: must be a time HH:MM from 00:00 to 23:59',
    ],
    [
      { timeZone: 'Mars/Olympus' },
      'timeZone',
      'timeZone: must be an IANA time zone such as Europe/Berlin',
    ],
    [{ group: { by: GroupBy.HOSTNAME } }, 'group', 'group: only an aggregated rule takes a group'],
    [
      { aggregate: true, group: { by: GroupBy.FIELD, field: 'process.colour' } },
      'group.field',
      'group.field: must name a field of the catalogue',
    ],
    [
      { actionIds: ['x'] },
      'actionIds[0]',
      'actionIds[0]: must be an action id: a whole number from 1 to 2147483647',
    ],
    [{ actionIds: ['42'] }, 'actionIds', 'actionIds: action 42 does not exist'],
  ] as Array<[Partial<RuleInputValue>, string, string]>)(
    'rejects %j naming the field',
    async (overrides, field, message) => {
      await setUp();

      await expect(sut.create(ruleInput(overrides), fixture.user)).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        message,
        details: { field },
      });
    },
  );

  it('keeps the position of a query error', async () => {
    await setUp();

    await expect(
      sut.create(ruleInput({ query: 'process.name: cmd.exe and (type: PROCESS' }), fixture.user),
    ).rejects.toMatchObject({
      code: 'QUERY_INVALID',
      details: { field: 'query', position: 26, problem: 'syntax' },
    });
  });

  it('stores a field group under its catalogue name', async () => {
    await setUp();

    const rule = await sut.create(
      ruleInput({ aggregate: true, group: { by: GroupBy.FIELD, field: 'user.name' } }),
      fixture.user,
    );

    expect(rule.group).toEqual({ by: 'FIELD', field: 'process.user' });
  });

  it('bumps the version on every change and resets the state only for logic edits and enabling', async () => {
    await setUp();
    const rule = await sut.create(ruleInput(), fixture.user);
    const id = Number(rule.id);
    await fixture.storeEvents([taskkillAt(0)]);

    await sut.update(id, ruleInput({ name: 'Renamed', severity: 'LOW' }), fixture.user);
    const renamed = await sut.row(id);
    await sut.update(id, ruleInput({ query: 'process.name: taskkill.exe' }), fixture.user);
    const requeried = await sut.row(id);
    await sut.setEnabled(id, false, fixture.user);
    await fixture.storeEvents([taskkillAt(1)]);
    await sut.setEnabled(id, true, fixture.user);
    const enabled = await sut.row(id);

    expect([renamed.version, renamed.resetVersion, renamed.startEventId]).toEqual([2, 1, 0]);
    expect([requeried.version, requeried.resetVersion, requeried.startEventId]).toEqual([3, 3, 1]);
    expect([enabled.version, enabled.resetVersion, enabled.startEventId]).toEqual([5, 5, 2]);
  });

  it('refuses a save made from a version someone else has since saved over', async () => {
    await setUp();
    const rule = await sut.create(ruleInput(), fixture.user);
    const id = Number(rule.id);
    await sut.update(id, ruleInput({ name: 'First analyst' }), fixture.user, 1);

    const stale = await sut
      .update(id, ruleInput({ name: 'Second analyst' }), fixture.user, 1)
      .catch((error: unknown) => error);

    expect(stale).toMatchObject({
      code: 'CONFLICT',
      message: `rule ${id} changed while it was being saved: load it again and retry`,
    });
    expect(await sut.row(id)).toMatchObject({ name: 'First analyst', version: 2 });
    await sut.update(id, ruleInput({ name: 'Second analyst' }), fixture.user, 2);
    expect(await sut.row(id)).toMatchObject({ name: 'Second analyst', version: 3 });
  });

  it('lists rules by name and filters them with the rules catalogue', async () => {
    await setUp();
    await sut.create(ruleInput({ name: 'b lsass dump', severity: 'CRITICAL' }), fixture.user);
    await sut.create(ruleInput({ name: 'A taskkill burst' }), fixture.user);
    const deleted = await sut.create(
      ruleInput({ name: 'c gone', severity: 'CRITICAL' }),
      fixture.user,
    );
    await sut.remove(Number(deleted.id), fixture.user);

    const all = await sut.list();
    const critical = await sut.list('severity: CRITICAL');

    expect(all.map((rule) => rule.name)).toEqual(['A taskkill burst', 'b lsass dump']);
    expect(critical.map((rule) => rule.name)).toEqual(['b lsass dump']);
    await expect(sut.list('severity: (HIGH')).rejects.toMatchObject({
      code: 'QUERY_INVALID',
      details: { field: 'search' },
    });
  });

  it('describes a schedule with its next five windows', async () => {
    await setUp();
    fixture.clock.set(Date.UTC(2026, 9, 23, 12));

    const description = sut.describeSchedule(
      { repeat: 'DAILY', startDate: '2026-10-01', startTime: '01:00', endTime: '04:00' },
      'Europe/Berlin',
    );

    expect(description.summary).toBe('Repeats daily from 1:00 am to 4:00 am (3.00 hours)');
    expect(
      description.nextWindows.map((window) => [
        window.start.toISOString(),
        (window.end.getTime() - window.start.getTime()) / 3_600_000,
      ]),
    ).toEqual([
      ['2026-10-23T23:00:00.000Z', 3],
      ['2026-10-24T23:00:00.000Z', 4],
      ['2026-10-26T00:00:00.000Z', 3],
      ['2026-10-27T00:00:00.000Z', 3],
      ['2026-10-28T00:00:00.000Z', 3],
    ]);
  });
});
