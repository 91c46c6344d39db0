import type { StoredEvent } from '../events/event.js';
import { describeGroup } from '../rules/group.js';
import { TriggerType } from '../rules/rule.js';
import { describeTrigger } from '../rules/trigger.js';
import {
  maxEventsPerAlert,
  type AlertDraft,
  type CompiledRule,
  type LateMatch,
} from './alert-draft.js';
import { candidatesOf, indexStep } from './candidates.js';
import { addCountMatch, createCountGroup } from './count-window.js';
import { createRuleState, type OpenWindow, type RuleState } from './rule-state.js';
import { addScheduledMatch, closeByClock, createScheduledGroup } from './scheduled-window.js';

/** The most groups a rule keeps; past it, the groups with nothing open are forgotten. */
export const maxGroupsPerRule = 10_000;

export interface EvaluationOptions {
  /** Config.allowedLatenessMs. */
  latenessMs: number;
}

/** What one evaluation step produced. */
export interface StepResult {
  /** In the order they are stored: by `at`, then rule id. */
  alerts: AlertDraft[];
  late: LateMatch[];
  /** Rules whose state changed and must be committed with the alerts. */
  changed: Set<number>;
}

/**
 * Evaluates one step: a batch of events, in sequence order, against every rule.
 *
 * @remarks
 * Pure: no database, no clock. `states` holds each rule's state by rule id; the states of
 * the rules are updated in place (a state of another reset version is replaced), so a
 * caller that fails to commit the result must reload them.
 */
export function evaluateStep(
  rules: readonly CompiledRule[],
  states: Map<number, RuleState>,
  events: readonly StoredEvent[],
  options: EvaluationOptions,
): StepResult {
  const result: StepResult = { alerts: [], late: [], changed: new Set() };
  if (events.length === 0) return result;

  const step = indexStep(events);
  for (const rule of rules) {
    const candidates = candidatesOf(rule, step);
    if (candidates.length === 0) continue;

    switch (rule.logic.trigger.type) {
      case TriggerType.SINGLE_MATCH:
        evaluateSingle(rule, candidates, result);
        break;
      case TriggerType.COUNT_MATCH:
        evaluateCount(rule, stateOf(rule, states, result), candidates, options, result);
        break;
      case TriggerType.SCHEDULED_MATCH:
        evaluateScheduled(rule, stateOf(rule, states, result), candidates, options, result);
        break;
    }
  }

  result.alerts.sort((a, b) => a.at - b.at || a.ruleId - b.ruleId);
  return result;
}

/**
 * Closes the scheduled windows the wall clock has passed (see `closeByClock`): a step of
 * its own, committed without moving the evaluator's checkpoint.
 */
export function closeWindowsByClock(
  rules: readonly CompiledRule[],
  states: Map<number, RuleState>,
  now: number,
  options: EvaluationOptions,
): StepResult {
  const result: StepResult = { alerts: [], late: [], changed: new Set() };

  for (const rule of rules) {
    if (rule.logic.trigger.type !== TriggerType.SCHEDULED_MATCH) continue;
    const state = states.get(rule.id);
    if (!state || state.resetVersion !== rule.resetVersion) continue;

    for (const [key, group] of state.scheduled) {
      for (const window of closeByClock(group, now, options.latenessMs)) {
        result.alerts.push(windowAlert(rule, key, window, 0));
        result.changed.add(rule.id);
      }
    }
  }

  result.alerts.sort((a, b) => a.ruleId - b.ruleId || (a.windowStart ?? 0) - (b.windowStart ?? 0));
  return result;
}

/** The state a rule evaluates with: its own, or a fresh one after a reset. */
function stateOf(
  rule: CompiledRule,
  states: Map<number, RuleState>,
  result: StepResult,
): RuleState {
  const current = states.get(rule.id);
  if (current && current.resetVersion === rule.resetVersion) return current;

  const fresh = createRuleState(rule.resetVersion, current?.lateEvents ?? 0);
  states.set(rule.id, fresh);
  result.changed.add(rule.id);
  return fresh;
}

function evaluateSingle(
  rule: CompiledRule,
  events: readonly StoredEvent[],
  result: StepResult,
): void {
  const groupKeyOf = rule.groupKeyOf;

  if (!rule.logic.aggregate || !groupKeyOf) {
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      if (!rule.matches(event)) continue;
      result.alerts.push(
        draft(rule, {
          groupKey: null,
          hostname: event.hostname,
          title: `${rule.name} on ${event.hostname}`,
          matchCount: 1,
          eventIds: [event.id],
          firstTime: event.time,
          lastTime: event.time,
          at: event.id,
        }),
      );
    }
    return;
  }

  // Aggregated: one alert per group for the whole step.
  const groups = new Map<string, Gathered>();
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (!rule.matches(event)) continue;
    const key = groupKeyOf(event);
    const group = groups.get(key);
    if (group) gather(group, event);
    else groups.set(key, gather(undefined, event));
  }
  for (const [key, group] of groups) {
    result.alerts.push(
      draft(rule, {
        groupKey: key,
        hostname: group.hostname,
        title:
          `${rule.name}: ${plural(group.matchCount, 'match', 'matches')}, ` +
          describeGroup(rule.logic.group, key),
        matchCount: group.matchCount,
        eventIds: group.eventIds,
        firstTime: group.firstTime,
        lastTime: group.lastTime,
        at: group.lastId,
      }),
    );
  }
}

function evaluateCount(
  rule: CompiledRule,
  state: RuleState,
  events: readonly StoredEvent[],
  options: EvaluationOptions,
  result: StepResult,
): void {
  const trigger = rule.logic.trigger;
  if (trigger.type !== TriggerType.COUNT_MATCH) return;
  const groupKeyOf = rule.groupKeyOf!;
  const window = {
    count: trigger.count,
    windowMs: trigger.windowSeconds * 1000,
    latenessMs: options.latenessMs,
  };

  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (!rule.matches(event)) continue;
    result.changed.add(rule.id);

    const key = groupKeyOf(event);
    const group = groupOf(state.count, key, createCountGroup, (g) => g.pending.length === 0);
    const outcome = addCountMatch(group, [event.time, event.id, event.hostname], window);
    if (outcome.kind === 'late') {
      state.lateEvents++;
      result.late.push(late(rule, event, key, 'count-window-passed'));
    } else if (outcome.kind === 'fired') {
      const matches = outcome.matches;
      const hosts = new Set(matches.map(([, , hostname]) => hostname));
      result.alerts.push(
        draft(rule, {
          groupKey: key,
          hostname: hosts.size === 1 ? matches[0]![2] : null,
          title:
            `${rule.name}: ${describeTrigger(trigger)}, ` +
            describeGroup(rule.logic.group ?? null, key),
          matchCount: matches.length,
          eventIds: matches.map(([, id]) => id).sort((a, b) => a - b),
          firstTime: matches[0]![0],
          lastTime: matches[matches.length - 1]![0],
          at: event.id,
        }),
      );
    }
  }
}

function evaluateScheduled(
  rule: CompiledRule,
  state: RuleState,
  events: readonly StoredEvent[],
  options: EvaluationOptions,
  result: StepResult,
): void {
  const schedule = rule.schedule!;
  const groupKeyOf = rule.groupKeyOf!;

  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (!rule.matches(event)) continue;
    result.changed.add(rule.id);

    const key = groupKeyOf(event);
    const group = groupOf(
      state.scheduled,
      key,
      createScheduledGroup,
      (g) => g.windows.length === 0,
    );
    const outcome = addScheduledMatch(group, event, schedule, options.latenessMs);
    if (outcome.late) {
      state.lateEvents++;
      result.late.push(late(rule, event, key, 'scheduled-window-closed'));
    }
    for (const window of outcome.closed)
      result.alerts.push(windowAlert(rule, key, window, event.id));
  }
}

/** The alert of a scheduled window that closed. */
export function windowAlert(
  rule: CompiledRule,
  key: string,
  window: OpenWindow,
  at: number,
): AlertDraft {
  const group = describeGroup(rule.logic.group ?? null, key);
  return draft(rule, {
    groupKey: key,
    hostname: window.hostname,
    title:
      `${rule.name}: ${plural(window.matchCount, 'match', 'matches')} ` +
      `in the scheduled window, ${group}`,
    matchCount: window.matchCount,
    eventIds: [...window.eventIds].sort((a, b) => a - b),
    firstTime: window.firstTime,
    lastTime: window.lastTime,
    windowStart: window.start,
    windowEnd: window.end,
    at,
  });
}

type DraftFields = Pick<
  AlertDraft,
  'groupKey' | 'hostname' | 'title' | 'matchCount' | 'eventIds' | 'firstTime' | 'lastTime' | 'at'
> &
  Partial<Pick<AlertDraft, 'windowStart' | 'windowEnd'>>;

function draft(rule: CompiledRule, fields: DraftFields): AlertDraft {
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    ruleVersion: rule.version,
    severity: rule.severity,
    triggerType: rule.logic.trigger.type,
    windowStart: null,
    windowEnd: null,
    ...fields,
  };
}

interface Gathered {
  matchCount: number;
  eventIds: number[];
  firstTime: number;
  lastTime: number;
  lastId: number;
  hostname: string | null;
}

function gather(group: Gathered | undefined, event: StoredEvent): Gathered {
  if (!group) {
    return {
      matchCount: 1,
      eventIds: [event.id],
      firstTime: event.time,
      lastTime: event.time,
      lastId: event.id,
      hostname: event.hostname,
    };
  }
  group.matchCount++;
  if (group.eventIds.length < maxEventsPerAlert) group.eventIds.push(event.id);
  if (event.time < group.firstTime) group.firstTime = event.time;
  if (event.time > group.lastTime) group.lastTime = event.time;
  group.lastId = event.id;
  if (group.hostname !== event.hostname) group.hostname = null;
  return group;
}

function late(
  rule: CompiledRule,
  event: StoredEvent,
  groupKey: string,
  reason: LateMatch['reason'],
): LateMatch {
  return { ruleId: rule.id, eventId: event.id, time: event.time, groupKey, reason };
}

// The group of `key`, created (after forgetting idle groups if there are too many) when
// the rule has none yet.
function groupOf<G extends { maxTime: number }>(
  groups: Map<string, G>,
  key: string,
  create: () => G,
  isIdle: (group: G) => boolean,
): G {
  const existing = groups.get(key);
  if (existing) return existing;

  evictIdleGroups(groups, isIdle);
  const group = create();
  groups.set(key, group);
  return group;
}

// Forgets the oldest groups with nothing open once a rule holds too many, so a group key
// with endless values (a command line, say) cannot grow the state without bound.
function evictIdleGroups<G extends { maxTime: number }>(
  groups: Map<string, G>,
  isIdle: (group: G) => boolean,
): void {
  if (groups.size < maxGroupsPerRule) return;
  const idle = [...groups].filter(([, group]) => isIdle(group));
  idle.sort(([, a], [, b]) => a.maxTime - b.maxTime);
  for (const [key] of idle.slice(0, Math.max(1, Math.floor(maxGroupsPerRule / 10)))) {
    groups.delete(key);
  }
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
