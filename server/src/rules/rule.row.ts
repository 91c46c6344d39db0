import { toMillis, toMillisOrNull, toNumber } from '../store/db.js';
import { deserializeGroup } from './group.js';
import type { RuleRecord, Severity } from './rule.js';
import { deserializeTrigger } from './trigger.js';

/** The `rules` columns `ruleFromRow` reads, for SELECT lists. */
export const ruleColumnList =
  'id, name, description, query, enabled, severity, trigger_type, trigger, aggregate, ' +
  'group_by, time_zone, version, reset_version, start_event_id, last_triggered_at, ' +
  'created_at, created_by_id, updated_at, updated_by_id, deleted_at';

/** A rule from a row of `SELECT <ruleColumnList> FROM rules`, on either dialect. */
export function ruleFromRow(row: Record<string, unknown>): RuleRecord {
  const aggregate = Boolean(row.aggregate);
  return {
    id: toNumber(row.id),
    name: row.name as string,
    description: row.description as string,
    query: row.query as string,
    enabled: Boolean(row.enabled),
    severity: row.severity as Severity,
    trigger: deserializeTrigger(row.trigger_type as string, row.trigger as string),
    aggregate,
    group: aggregate ? deserializeGroup(row.group_by as string | null) : null,
    timeZone: row.time_zone as string,
    version: toNumber(row.version),
    resetVersion: toNumber(row.reset_version),
    startEventId: toNumber(row.start_event_id),
    lastTriggeredAt: toMillisOrNull(row.last_triggered_at),
    createdAt: toMillis(row.created_at),
    createdById: toNumber(row.created_by_id),
    updatedAt: toMillis(row.updated_at),
    updatedById: toNumber(row.updated_by_id),
    deletedAt: toMillisOrNull(row.deleted_at),
  };
}
