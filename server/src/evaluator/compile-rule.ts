import type { EventType, StoredEvent } from '../events/event.js';
import {
  compilePredicate,
  findField,
  parseQuery,
  type Query,
  type QueryNode,
} from '../query/index.js';
import { groupKeyReader } from '../rules/group.js';
import type { RuleRecord } from '../rules/rule.js';
import { scheduleOf } from '../rules/trigger.js';
import type { CompiledRule, EqualityKey } from './alert-draft.js';

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
    equality: requiredEquality(query),
    groupKeyOf: groupKeyReader(logic),
    reads: propertiesRead(query, record),
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

/**
 * A text field the query requires, at its top level, to equal one of a few values
 * (`process.name: (cmd.exe, powershell.exe) and ...`); null when there is none.
 */
export function requiredEquality(query: Query): EqualityKey | null {
  const root = query.root;
  if (!root) return null;
  const terms = root.kind === 'and' ? root.children : [root];

  for (const node of terms) {
    if (node.kind !== 'term' || node.field.source || node.field.type !== 'text') continue;
    if (!node.tests.every((test) => test.kind === 'equals')) continue;
    const values = node.tests.flatMap((test) => (test.kind === 'equals' ? test.values : []));
    const field = node.field as {
      name: string;
      property?: keyof StoredEvent;
      get?: (event: StoredEvent) => unknown;
    };
    const property = field.property;
    const read = field.get ?? (property ? (event: StoredEvent) => event[property] : null);
    if (read) return { field: field.name, read, values: new Set(values) };
  }
  return null;
}

/** The event properties a rule's query and aggregation group read. */
export function propertiesRead(
  query: Query,
  logic: Pick<RuleRecord, 'aggregate' | 'group'>,
): Set<keyof StoredEvent> {
  const read = new Set<keyof StoredEvent>();
  const visit = (node: QueryNode<StoredEvent>): void => {
    if (node.kind === 'term') {
      const property = (node.field as { property?: keyof StoredEvent }).property;
      if (property) read.add(property);
    } else if (node.kind === 'not') visit(node.child);
    else node.children.forEach(visit);
  };
  if (query.root) visit(query.root);

  const field = logic.aggregate && logic.group?.field ? findField(logic.group.field) : undefined;
  if (field) read.add(field.property);
  return read;
}

function typesOfTerm(node: QueryNode<StoredEvent>): ReadonlySet<EventType> | null {
  if (node.kind !== 'term' || node.field.name !== 'type') return null;
  const values: string[] = [];
  for (const test of node.tests) {
    // `type` has a closed set of values: the parser gives them as stored (exact).
    if (test.kind === 'equals') values.push(...test.values.map((value) => value.toUpperCase()));
    else if (test.kind === 'exact') values.push(...test.values.map(String));
    else return null;
  }
  return new Set(values as EventType[]);
}
