import type { StoredEvent } from '../events/event.js';
import { foldAscii } from '../query/index.js';
import type { CompiledRule, EqualityKey } from './alert-draft.js';

/** The events of one step, indexed the ways rules narrow them down. */
export interface StepEvents {
  all: readonly StoredEvent[];
  byType: Map<string, StoredEvent[]>;
  /** Field name -> folded value -> events; filled as rules ask. */
  byValue: Map<string, Map<string, StoredEvent[]>>;
}

/** Indexes the events of a step (in sequence order) by event type. */
export function indexStep(events: readonly StoredEvent[]): StepEvents {
  const byType = new Map<string, StoredEvent[]>();
  for (const event of events) {
    const list = byType.get(event.type);
    if (list) list.push(event);
    else byType.set(event.type, [event]);
  }
  return { all: events, byType, byValue: new Map() };
}

/**
 * The events of the step a rule can match, in sequence order, from its first event after
 * the rule's start: those of the event types and the field value its query requires.
 */
export function candidatesOf(rule: CompiledRule, step: StepEvents): readonly StoredEvent[] {
  const events = narrow(rule, step);
  const from = firstIndexAfter(events, rule.startEventId);
  return from === 0 ? events : events.slice(from);
}

function narrow(rule: CompiledRule, step: StepEvents): readonly StoredEvent[] {
  if (rule.equality) return eventsWithValue(rule.equality, step);

  const types = rule.eventTypes;
  if (!types) return step.all;
  if (types.size === 1) {
    const [type] = types;
    return step.byType.get(type!) ?? [];
  }
  return step.all.filter((event) => types.has(event.type));
}

// Each field is read and folded once per step, however many rules name it.
function eventsWithValue(key: EqualityKey, step: StepEvents): readonly StoredEvent[] {
  let index = step.byValue.get(key.field);
  if (!index) {
    index = new Map();
    for (const event of step.all) {
      const value = key.read(event);
      if (typeof value !== 'string') continue;
      const folded = foldAscii(value);
      const list = index.get(folded);
      if (list) list.push(event);
      else index.set(folded, [event]);
    }
    step.byValue.set(key.field, index);
  }

  if (key.values.size === 1) {
    const [value] = key.values;
    return index.get(value!) ?? [];
  }
  const found: StoredEvent[] = [];
  for (const value of key.values) found.push(...(index.get(value) ?? []));
  return found.sort((a, b) => a.id - b.id);
}

function firstIndexAfter(events: readonly StoredEvent[], id: number): number {
  if (events.length === 0 || events[0]!.id > id) return 0;
  let low = 0;
  let high = events.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (events[mid]!.id <= id) low = mid + 1;
    else high = mid;
  }
  return low;
}
