import { emptyEvent, type NormalizedEvent, type StoredEvent } from '../../src/events/event.js';
import type { CompiledRule } from '../../src/evaluator/alert-draft.js';
import { groupKeyReader } from '../../src/rules/group.js';
import { TriggerType, type RuleLogic } from '../../src/rules/rule.js';
import { scheduleOf } from '../../src/rules/trigger.js';

/** 2024-03-01T12:00:00Z: the time test events start from. */
export const baseTime = Date.UTC(2024, 2, 1, 12, 0, 0);

export const minute = 60_000;

let nextId = 1;

/** A stored PROCESS STARTED event on host ws1; ids count up unless given. */
export function storedEvent(overrides: Partial<StoredEvent> = {}): StoredEvent {
  const id = overrides.id ?? nextId++;
  return {
    ...emptyEvent({
      time: baseTime,
      type: 'PROCESS',
      action: 'STARTED',
      source: 'native',
      hostname: 'ws1',
      raw: '{}',
    }),
    id,
    receivedAt: baseTime,
    assetId: 1,
    objectKey: null,
    processName: 'taskkill.exe',
    ...overrides,
  };
}

/** Events `storedEvent` builds from (time offset in minutes, overrides) pairs, ids in order. */
export function eventsAt(
  ...entries: Array<number | [minutes: number, overrides: Partial<StoredEvent>]>
): StoredEvent[] {
  return entries.map((entry) => {
    const [minutes, overrides] = typeof entry === 'number' ? [entry, {}] : entry;
    return storedEvent({ time: baseTime + minutes * minute, ...overrides });
  });
}

/**
 * A compiled rule whose query is a plain predicate: trigger logic is tested apart from
 * the query language.
 */
export function compiledRule(
  overrides: Partial<Omit<CompiledRule, 'logic'>> & { logic?: Partial<RuleLogic> } = {},
): CompiledRule {
  const logic: RuleLogic = {
    query: 'process.name: taskkill.exe',
    trigger: { type: TriggerType.SINGLE_MATCH },
    aggregate: false,
    group: null,
    timeZone: 'UTC',
    ...overrides.logic,
  };
  return {
    id: 1,
    name: 'Taskkill burst',
    severity: 'HIGH',
    version: 1,
    resetVersion: 1,
    startEventId: 0,
    matches: (event) => event.processName === 'taskkill.exe',
    eventTypes: null,
    equality: null,
    reads: new Set(),
    ...overrides,
    logic,
    groupKeyOf: groupKeyReader(logic),
    schedule: scheduleOf(logic.trigger, logic.timeZone),
  };
}

/** A normalised PROCESS STARTED event of taskkill.exe on ws1, `minutes` after baseTime. */
export function taskkillAt(minutes: number, overrides: Partial<NormalizedEvent> = {}) {
  return {
    ...emptyEvent({
      time: baseTime + minutes * minute,
      type: 'PROCESS',
      action: 'STARTED',
      source: 'native',
      hostname: 'ws1',
      raw: '{}',
    }),
    processName: 'taskkill.exe',
    processCommandLine: 'taskkill /IM av.exe /F',
    ...overrides,
  } satisfies NormalizedEvent;
}
