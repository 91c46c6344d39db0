import type { StoredEvent } from '../events/event.js';
import { ValidationError } from '../errors.js';
import { findField, type FieldDef } from '../query/fields.js';
import { GroupBy, TriggerType, type AggregateGroup, type RuleLogic } from './rule.js';

/** The group key of the one group of a rule aggregated by action. */
export const actionGroupKey = '*';

/** A group as an API client sends it. */
export interface GroupInput {
  by: GroupBy;
  field?: string | null;
}

/** Reads an event's group key. */
export type GroupKeyOf = (event: StoredEvent) => string;

const hostnameField = findField('asset.hostname')!;

/**
 * Validates the aggregation settings of a rule: a group only with `aggregate`, HOSTNAME
 * when it is left out, and FIELD naming a catalogue field (stored under its main name).
 *
 * @throws ValidationError naming 'group' or 'group.field'.
 */
export function parseGroup(aggregate: boolean, input: GroupInput | null | undefined) {
  if (!aggregate) {
    if (input != null) throw new ValidationError('group', 'only an aggregated rule takes a group');
    return null;
  }
  if (input == null) return { by: GroupBy.HOSTNAME, field: null };

  switch (input.by) {
    case GroupBy.ACTION:
    case GroupBy.HOSTNAME:
      if (input.field != null) {
        throw new ValidationError('group.field', `a ${input.by} group does not take a field`);
      }
      return { by: input.by, field: null };
    case GroupBy.FIELD: {
      const def = input.field ? findField(input.field.trim()) : undefined;
      if (!def) {
        throw new ValidationError('group.field', 'must name a field of the catalogue', {
          value: input.field ?? null,
        });
      }
      return { by: GroupBy.FIELD, field: def.name };
    }
    default:
      throw new ValidationError('group.by', `must be one of ${Object.values(GroupBy).join(', ')}`);
  }
}

/** The `rules.group_by` column: ACTION, HOSTNAME or FIELD:<name>; null without aggregation. */
export function serializeGroup(group: AggregateGroup | null): string | null {
  if (!group) return null;
  return group.by === GroupBy.FIELD ? `${GroupBy.FIELD}:${group.field}` : group.by;
}

/** A group from the `rules.group_by` column. */
export function deserializeGroup(value: string | null): AggregateGroup | null {
  if (value === null) return null;
  if (value.startsWith(`${GroupBy.FIELD}:`)) {
    return { by: GroupBy.FIELD, field: value.slice(GroupBy.FIELD.length + 1) };
  }
  return { by: value as GroupBy, field: null };
}

/**
 * How a rule groups its matches: the aggregation group when aggregation is on; without
 * it, windowed triggers count per asset hostname and a Single Match has no group (null).
 */
export function groupKeyReader(logic: RuleLogic): GroupKeyOf | null {
  const group = logic.group;
  if (!logic.aggregate || !group) {
    return logic.trigger.type === TriggerType.SINGLE_MATCH ? null : fieldKey(hostnameField);
  }
  if (group.by === GroupBy.ACTION) return () => actionGroupKey;
  if (group.by === GroupBy.HOSTNAME) return fieldKey(hostnameField);
  return fieldKey(findField(group.field ?? '') ?? hostnameField);
}

/** A group as people read it: "all matches", "hostname workstation5", "process.name cmd.exe". */
export function describeGroup(group: AggregateGroup | null, key: string | null): string {
  if (key === null) return '';
  if (group?.by === GroupBy.ACTION) return 'all matches';
  const name = group?.by === GroupBy.FIELD ? group.field : 'hostname';
  return `${name} ${key === '' ? '(no value)' : key}`;
}

// Group keys compare like the query language: text is folded to lower case (ASCII only,
// as the stores do), absent values form one group with the empty key.
function fieldKey(def: FieldDef): GroupKeyOf {
  const property = def.property;
  switch (def.type) {
    case 'text':
    case 'keyword':
    case 'guid':
    case 'ip':
      return (event) => {
        const value = event[property] as string | null;
        return value === null ? '' : lowerAscii(value);
      };
    case 'datetime':
      return (event) => {
        const value = event[property] as number | null;
        return value === null ? '' : new Date(value).toISOString();
      };
    case 'number':
      return (event) => {
        const value = event[property] as number | null;
        return value === null ? '' : String(value);
      };
  }
}

function lowerAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
