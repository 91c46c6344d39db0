import type { EventType, StoredEvent } from '../events/event.js';
import { compilePredicate, parseQuery, type Query, type QueryNode } from '../query/index.js';
import { groupKeyReader } from '../rules/group.js';
import type { RuleRecord } from '../rules/rule.js';
import { scheduleOf } from '../rules/trigger.js';
import type { CompiledRule } from './alert-draft.js';

/**
 * Compiles a stored rule for evaluation: its query into a predicate, its group into a key
 * reader, its schedule into windows.
 *
 * @throws QueryError or ValidationError when the stored rule no longer parses.
 */
export function compileRule(record: RuleRecord): CompiledRule {
  const query = parseQuery(record.query);
  const logic = {
    query: record.query,
    trigger: record.trigger,
    aggregate: record.aggregate,
    group: record.group,
    timeZone: record.timeZone,
  };

  return {
    id: record.id,
    name: record.name,
    severity: record.severity,
    version: record.version,
    resetVersion: record.resetVersion,
    startEventId: record.startEventId,
    logic,
    matches: compilePredicate(query),
    eventTypes: requiredEventTypes(query),
    groupKeyOf: groupKeyReader(logic),
    schedule: scheduleOf(record.trigger, record.timeZone),
  };
}

/**
 * The event types a query can match at all, when it says so at its top level
 * (`type: PROCESS and ...`); null when any type may match.
 */
export function requiredEventTypes(query: Query): ReadonlySet<EventType> | null {
  const root = query.root;
  if (!root) return null;
  const terms = root.kind === 'and' ? root.children : [root];

  for (const node of terms) {
    const types = typesOfTerm(node);
    if (types) return types;
  }
  return null;
}

function typesOfTerm(node: QueryNode<StoredEvent>): ReadonlySet<EventType> | null {
  if (node.kind !== 'term' || node.field.name !== 'type') return null;
  const values: string[] = [];
  for (const test of node.tests) {
    if (test.kind !== 'equals') return null;
    values.push(...test.values);
  }
  return new Set(values.map((value) => value.toUpperCase() as EventType));
}
