import { describe, expect, it } from 'vitest';

import {
  baseTime,
  compiledRule,
  eventsAt,
  minute,
  storedEvent,
} from '../../test/evaluator/factories.js';
import { createRandom } from '../random.js';
import { GroupBy, TriggerType } from '../rules/rule.js';
import type { AlertDraft } from './alert-draft.js';
import { closeWindowsByClock, evaluateStep } from './evaluate.js';
import { deserializeRuleState, serializeRuleState, type RuleState } from './rule-state.js';

const options = { latenessMs: 60_000 };
const countTrigger = { type: TriggerType.COUNT_MATCH, count: 3, windowSeconds: 900 } as const;
const hourly = {
  type: TriggerType.SCHEDULED_MATCH,
  schedule: { repeat: 'DAILY', startDate: '2024-03-01', startTime: '12:00', endTime: '13:00' },
} as const;

function summary(alerts: AlertDraft[]) {
  return alerts.map((alert) => [alert.ruleId, alert.groupKey, alert.eventIds]);
}

describe(evaluateStep.name, () => {
  it('raises one alert per matching event for a Single Match', () => {
    const sut = compiledRule();
    const events = eventsAt(0, [1, { processName: 'cmd.exe' }], 2);

    const result = evaluateStep([sut], new Map(), events, options);

    expect(summary(result.alerts)).toEqual([
      [1, null, [events[0]!.id]],
      [1, null, [events[2]!.id]],
    ]);
    expect(result.alerts[0]).toMatchObject({
      title: 'Taskkill burst on ws1',
      hostname: 'ws1',
      matchCount: 1,
      triggerType: 'SINGLE_MATCH',
      severity: 'HIGH',
    });
    expect(result.changed.size).toBe(0);
  });

  it('raises one alert per group per step for an aggregated Single Match', () => {
    const sut = compiledRule({
      logic: { aggregate: true, group: { by: GroupBy.HOSTNAME, field: null } },
    });
    const events = eventsAt(0, [1, { hostname: 'WS2' }], 2, [3, { hostname: 'ws2' }]);

    const result = evaluateStep([sut], new Map(), events, options);

    expect(summary(result.alerts)).toEqual([
      [1, 'ws1', [events[0]!.id, events[2]!.id]],
      [1, 'ws2', [events[1]!.id, events[3]!.id]],
    ]);
    expect(result.alerts[1]).toMatchObject({
      hostname: null,
      title: 'Taskkill burst: 2 matches, hostname ws2',
    });
  });

  it('raises one alert for all matches of the step when aggregated by action', () => {
    const sut = compiledRule({
      logic: { aggregate: true, group: { by: GroupBy.ACTION, field: null } },
    });
    const events = eventsAt(0, [1, { hostname: 'ws2' }]);

    const result = evaluateStep([sut], new Map(), events, options);

    expect(summary(result.alerts)).toEqual([[1, '*', events.map((event) => event.id)]]);
    expect(result.alerts[0]!.title).toBe('Taskkill burst: 2 matches, all matches');
  });

  it('groups by any catalogue field, folding text to lower case', () => {
    const sut = compiledRule({
      logic: { aggregate: true, group: { by: GroupBy.FIELD, field: 'process.user' } },
    });
    const events = eventsAt(
      [0, { processUser: 'CORP\\Alice' }],
      [1, { processUser: 'corp\\alice' }],
      [2, { processUser: null }],
    );

    const result = evaluateStep([sut], new Map(), events, options);

    expect(summary(result.alerts)).toEqual([
      [1, 'corp\\alice', [events[0]!.id, events[1]!.id]],
      [1, '', [events[2]!.id]],
    ]);
  });

  it('counts a Time-Window Count Match per hostname by default', () => {
    const sut = compiledRule({ logic: { trigger: countTrigger } });
    const events = eventsAt(0, [1, { hostname: 'ws2' }], 2, [3, { hostname: 'ws2' }], 4);

    const result = evaluateStep([sut], new Map(), events, options);

    expect(summary(result.alerts)).toEqual([
      [1, 'ws1', [events[0]!.id, events[2]!.id, events[4]!.id]],
    ]);
    expect(result.alerts[0]).toMatchObject({
      title: 'Taskkill burst: 3 matches within 15 minutes, hostname ws1',
      firstTime: baseTime,
      lastTime: baseTime + 4 * minute,
      windowStart: null,
    });
    expect(result.changed).toEqual(new Set([1]));
  });

  it('counts across hosts when aggregated by action', () => {
    const sut = compiledRule({
      logic: { trigger: countTrigger, aggregate: true, group: { by: GroupBy.ACTION, field: null } },
    });
    const events = eventsAt(0, [1, { hostname: 'ws2' }], 2);

    const result = evaluateStep([sut], new Map(), events, options);

    expect(summary(result.alerts)).toEqual([[1, '*', events.map((event) => event.id)]]);
    expect(result.alerts[0]!.hostname).toBeNull();
  });

  it('counts late matches in the rule state and reports them', () => {
    const sut = compiledRule({ logic: { trigger: countTrigger } });
    const states = new Map<number, RuleState>();
    const events = eventsAt(30, 0);

    const result = evaluateStep([sut], states, events, options);

    expect(result.late).toEqual([
      {
        ruleId: 1,
        eventId: events[1]!.id,
        time: baseTime,
        groupKey: 'ws1',
        reason: 'count-window-passed',
      },
    ]);
    expect(states.get(1)!.lateEvents).toBe(1);
  });

  it('sees only events after its start event id', () => {
    const events = eventsAt(0, 1, 2);
    const sut = compiledRule({ startEventId: events[1]!.id });

    const result = evaluateStep([sut], new Map(), events, options);

    expect(summary(result.alerts)).toEqual([[1, null, [events[2]!.id]]]);
  });

  it('discards open windows when the reset version changes, keeping the late count', () => {
    const states = new Map<number, RuleState>();
    const before = compiledRule({ logic: { trigger: countTrigger } });
    evaluateStep([before], states, eventsAt(30, 0, 31), options);
    const after = compiledRule({ logic: { trigger: countTrigger }, resetVersion: 2 });

    const result = evaluateStep([after], states, eventsAt(32), options);

    expect(result.alerts).toEqual([]);
    expect(states.get(1)).toMatchObject({ resetVersion: 2, lateEvents: 1 });
    expect(states.get(1)!.count.get('ws1')!.pending).toHaveLength(1);
  });

  it('sends the matches of a scheduled window when a later match closes it', () => {
    const sut = compiledRule({ logic: { trigger: hourly } });
    const events = eventsAt(5, [6, { hostname: 'ws2' }], 50, 62);

    const result = evaluateStep([sut], new Map(), events, options);

    expect(summary(result.alerts)).toEqual([[1, 'ws1', [events[0]!.id, events[2]!.id]]]);
    expect(result.alerts[0]).toMatchObject({
      windowStart: baseTime,
      windowEnd: baseTime + 60 * minute,
      title: 'Taskkill burst: 2 matches in the scheduled window, hostname ws1',
    });
  });

  it('orders the alerts of a step by the event that produced them, then by rule', () => {
    const single = compiledRule({ id: 2 });
    const count = compiledRule({ id: 1, logic: { trigger: { ...countTrigger, count: 2 } } });
    const events = eventsAt(0, 1);

    const result = evaluateStep([single, count], new Map(), events, options);

    expect(result.alerts.map((alert) => [alert.at, alert.ruleId])).toEqual([
      [events[0]!.id, 2],
      [events[1]!.id, 1],
      [events[1]!.id, 2],
    ]);
  });

  it('produces the same alerts however the events are split into steps', () => {
    const rules = [
      compiledRule({ id: 1, logic: { trigger: countTrigger } }),
      compiledRule({
        id: 2,
        logic: {
          trigger: countTrigger,
          aggregate: true,
          group: { by: GroupBy.ACTION, field: null },
        },
      }),
      compiledRule({ id: 3, logic: { trigger: hourly } }),
      compiledRule({ id: 4 }),
    ];
    const random = createRandom(7);
    const events = Array.from({ length: 400 }, () =>
      storedEvent({
        time:
          baseTime + Math.floor(random() * 48 * 60) * minute - Math.floor(random() * 3) * minute,
        hostname: `ws${Math.floor(random() * 3)}`,
        processName: random() < 0.7 ? 'taskkill.exe' : 'cmd.exe',
      }),
    ).sort((a, b) => a.time - b.time + (random() < 0.2 ? 5 * minute : 0));
    events.forEach((event, index) => (event.id = 10_000 + index));

    const whole = evaluateStep(rules, new Map(), events, options).alerts;
    const states = new Map<number, RuleState>();
    const split: AlertDraft[] = [];
    for (let start = 0; start < events.length;) {
      const size = 1 + Math.floor(random() * 40);
      split.push(...evaluateStep(rules, states, events.slice(start, start + size), options).alerts);
      // Each step starts from the committed JSON, as after a restart.
      for (const [id, state] of states)
        states.set(id, deserializeRuleState(serializeRuleState(state)));
      start += size;
    }

    expect(whole.length).toBeGreaterThan(40);
    expect(split).toEqual(whole);
  });
});

describe(closeWindowsByClock.name, () => {
  it('closes the open windows the clock has passed', () => {
    const sut = compiledRule({ logic: { trigger: hourly } });
    const states = new Map<number, RuleState>();
    const events = eventsAt(5);
    evaluateStep([sut], states, events, options);

    const early = closeWindowsByClock([sut], states, baseTime + 61 * minute - 1, options);
    const due = closeWindowsByClock([sut], states, baseTime + 61 * minute, options);

    expect(early.alerts).toEqual([]);
    expect(summary(due.alerts)).toEqual([[1, 'ws1', [events[0]!.id]]]);
    expect(due.alerts[0]!.at).toBe(0);
    expect(due.changed).toEqual(new Set([1]));
  });
});
