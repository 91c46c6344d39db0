import type { Queryable, SqlValue } from '../store/db.js';
import { toMillis, toMillisOrNull, toNumber } from '../store/db.js';

/** A stored alert as the services use it; times in ms. */
export interface AlertRecord {
  id: number;
  ruleId: number;
  ruleName: string;
  ruleVersion: number;
  severity: string;
  triggerType: string;
  groupKey: string | null;
  hostname: string | null;
  title: string;
  matchCount: number;
  firstTime: number;
  lastTime: number;
  windowStart: number | null;
  windowEnd: number | null;
  createdAt: number;
}

/** A WHERE condition on `alerts a` with its parameters. */
export interface AlertFilter {
  sql: string;
  params: SqlValue[];
}

/** A count of alerts per value of something. */
export interface ValueCount {
  value: string;
  label: string;
  count: number;
}

const alertColumns =
  'a.id, a.rule_id, a.rule_name, a.rule_version, a.severity, a.trigger_type, a.group_key, ' +
  'a.hostname, a.title, a.match_count, a.first_time, a.last_time, a.window_start, ' +
  'a.window_end, a.created_at';

/** Alerts matching `filter` with ids below `beforeId`, newest first. */
export async function findAlertPage(
  db: Queryable,
  filter: AlertFilter,
  beforeId: number | null,
  limit: number,
): Promise<AlertRecord[]> {
  const before = beforeId === null ? '' : ' AND a.id < ?';
  const rows = await db.all(
    `SELECT ${alertColumns} FROM alerts a WHERE (${filter.sql})${before} ORDER BY a.id DESC LIMIT ?`,
    [...filter.params, ...(beforeId === null ? [] : [beforeId]), limit],
  );
  return rows.map(alertFromRow);
}

export async function countAlertsMatching(db: Queryable, filter: AlertFilter): Promise<number> {
  const row = await db.get<{ n: unknown }>(
    `SELECT count(*) AS n FROM alerts a WHERE ${filter.sql}`,
    filter.params,
  );
  return toNumber(row?.n ?? 0);
}

/** Alerts by id, in the order of `ids`; missing ids are left out. */
export async function findAlerts(db: Queryable, ids: readonly number[]): Promise<AlertRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db.all(
    `SELECT ${alertColumns} FROM alerts a WHERE a.id IN (${ids.map(() => '?').join(', ')})`,
    ids,
  );
  const byId = new Map(rows.map((row) => [toNumber(row.id), alertFromRow(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The ids of an alert's matched events in sequence order, at most `limit`. */
export async function findMatchedEventIds(
  db: Queryable,
  alertId: number,
  limit: number,
): Promise<number[]> {
  const rows = await db.all<{ event_id: unknown }>(
    'SELECT event_id FROM alert_events WHERE alert_id = ? ORDER BY event_id LIMIT ?',
    [alertId, limit],
  );
  return rows.map((row) => toNumber(row.event_id));
}

/**
 * Matching alerts per bucket of `width` ms from `from`, for buckets that have any; the
 * filter bounds the range.
 */
export async function countByBucket(
  db: Queryable,
  filter: AlertFilter,
  from: number,
  width: number,
): Promise<Map<number, number>> {
  const millis =
    db.dialect === 'postgresql' ? '(extract(epoch from a.created_at) * 1000)' : 'a.created_at';
  const rows = await db.all<{ bucket: unknown; n: unknown }>(
    `SELECT floor((${millis} - ?) / ?) AS bucket, count(*) AS n FROM alerts a
      WHERE ${filter.sql}
      GROUP BY 1`,
    [from, width, ...filter.params],
  );
  return new Map(rows.map((row) => [toNumber(row.bucket), toNumber(row.n)]));
}

/** Matching alerts per rule, labelled with the rule's current name. */
export async function countByRule(db: Queryable, filter: AlertFilter): Promise<ValueCount[]> {
  const rows = await db.all<{ rule_id: unknown; name: string; n: unknown }>(
    `SELECT a.rule_id, r.name, count(*) AS n FROM alerts a JOIN rules r ON r.id = a.rule_id
      WHERE ${filter.sql} GROUP BY a.rule_id, r.name`,
    filter.params,
  );
  return sorted(rows.map((row) => count(String(toNumber(row.rule_id)), row.name, row.n)));
}

export async function countBySeverity(db: Queryable, filter: AlertFilter): Promise<ValueCount[]> {
  const rows = await db.all<{ severity: string; n: unknown }>(
    `SELECT a.severity, count(*) AS n FROM alerts a WHERE ${filter.sql} GROUP BY a.severity`,
    filter.params,
  );
  return sorted(rows.map((row) => count(row.severity, row.severity, row.n)));
}

/** Matching alerts per host of their matched events: an alert counts once per host. */
export async function countByHostname(db: Queryable, filter: AlertFilter): Promise<ValueCount[]> {
  const rows = await db.all<{ hostname: string; n: unknown }>(
    `SELECT ev.hostname, count(DISTINCT ae.alert_id) AS n
       FROM alert_events ae JOIN events ev ON ev.id = ae.event_id
      WHERE ae.alert_id IN (SELECT a.id FROM alerts a WHERE ${filter.sql})
      GROUP BY ev.hostname`,
    filter.params,
  );
  return sorted(rows.map((row) => count(row.hostname, row.hostname, row.n)));
}

/** Matching alerts with at least one delivery in each status. */
export async function countByDeliveryStatus(
  db: Queryable,
  filter: AlertFilter,
): Promise<ValueCount[]> {
  const rows = await db.all<{ status: string; n: unknown }>(
    `SELECT dl.status, count(DISTINCT dl.alert_id) AS n FROM deliveries dl
      WHERE dl.alert_id IN (SELECT a.id FROM alerts a WHERE ${filter.sql})
      GROUP BY dl.status`,
    filter.params,
  );
  return sorted(rows.map((row) => count(row.status, row.status, row.n)));
}

function alertFromRow(row: Record<string, unknown>): AlertRecord {
  return {
    id: toNumber(row.id),
    ruleId: toNumber(row.rule_id),
    ruleName: row.rule_name as string,
    ruleVersion: toNumber(row.rule_version),
    severity: row.severity as string,
    triggerType: row.trigger_type as string,
    groupKey: (row.group_key as string | null) ?? null,
    hostname: (row.hostname as string | null) ?? null,
    title: row.title as string,
    matchCount: toNumber(row.match_count),
    firstTime: toMillis(row.first_time),
    lastTime: toMillis(row.last_time),
    windowStart: toMillisOrNull(row.window_start),
    windowEnd: toMillisOrNull(row.window_end),
    createdAt: toMillis(row.created_at),
  };
}

function count(value: string, label: string, n: unknown): ValueCount {
  return { value, label, count: toNumber(n) };
}

function sorted(counts: ValueCount[]): ValueCount[] {
  return counts.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}
