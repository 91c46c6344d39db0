import { eventColumnList, rowToEvent } from '../events/event.row.js';
import type { Db, Queryable } from '../store/db.js';
import { toMillis, toMillisOrNull, toNumber } from '../store/db.js';
import type { SecretBox } from '../store/secret-box.js';
import { loadSettings } from './action.secrets.js';
import type { ActionSettings } from './action.settings.js';
import type { DeliveryOutcome } from './delivery.policy.js';
import type { AlertMessageInput } from './messages/message.js';

/** A delivery the dispatcher has claimed: `attempts` already counts the try it is making. */
export interface ClaimedDelivery {
  id: number;
  alertId: number;
  actionId: number;
  attempts: number;
}

/** The action a delivery goes through, as stored. */
export interface DeliveryAction {
  settings: ActionSettings;
  deleted: boolean;
}

/**
 * Claims up to `limit` due deliveries: bumps their attempts and leases them until
 * `leaseUntil` (their next_attempt_at), in one short statement.
 *
 * @remarks
 * On PostgreSQL the rows are picked `FOR UPDATE SKIP LOCKED`, so dispatchers on several
 * replicas never claim the same row; on SQLite the store's single writer does the same.
 * A dispatcher that dies after claiming leaves the row to be claimed again once the lease
 * runs out.
 */
export async function claimDueDeliveries(
  db: Db,
  now: number,
  leaseUntil: number,
  limit: number,
): Promise<ClaimedDelivery[]> {
  // A read first: polling an idle outbox takes no lock (on SQLite, not the write lock).
  const due = await db.get(
    "SELECT 1 AS due FROM deliveries WHERE status = 'PENDING' AND next_attempt_at <= ? LIMIT 1",
    [new Date(now)],
  );
  if (!due) return [];

  const lock = db.dialect === 'postgresql' ? ' FOR UPDATE SKIP LOCKED' : '';
  const sql = `UPDATE deliveries SET attempts = attempts + 1, next_attempt_at = ?, updated_at = ?
    WHERE id IN (SELECT id FROM deliveries WHERE status = 'PENDING' AND next_attempt_at <= ?
      ORDER BY next_attempt_at, id LIMIT ?${lock})
    RETURNING id, alert_id, action_id, attempts`;
  const rows = await db.transaction((tx) =>
    tx.all<Record<string, unknown>>(sql, [
      new Date(leaseUntil),
      new Date(now),
      new Date(now),
      limit,
    ]),
  );

  return rows
    .map((row) => ({
      id: toNumber(row.id),
      alertId: toNumber(row.alert_id),
      actionId: toNumber(row.action_id),
      attempts: toNumber(row.attempts),
    }))
    .sort((a, b) => a.id - b.id);
}

/**
 * Writes the outcome of a claimed try. Returns false when the row is no longer this
 * claim's (its lease ran out and another dispatcher claimed it again).
 */
export async function recordDeliveryOutcome(
  db: Db,
  claim: ClaimedDelivery,
  outcome: DeliveryOutcome,
  now: number,
): Promise<boolean> {
  const changed = await db.run(
    `UPDATE deliveries SET status = ?, last_error = COALESCE(?, last_error),
      next_attempt_at = COALESCE(?, next_attempt_at), delivered_at = ?, updated_at = ?
    WHERE id = ? AND status = 'PENDING' AND attempts = ?`,
    [
      outcome.status,
      outcome.lastError,
      outcome.nextAttemptAt === null ? null : new Date(outcome.nextAttemptAt),
      outcome.deliveredAt === null ? null : new Date(outcome.deliveredAt),
      new Date(now),
      claim.id,
      claim.attempts,
    ],
  );
  return changed === 1;
}

/** The action of a delivery with its secrets, or null when the row is gone. */
export async function findDeliveryAction(
  db: Queryable,
  secrets: SecretBox,
  actionId: number,
): Promise<DeliveryAction | null> {
  const row = await db.get<Record<string, unknown>>(
    'SELECT type, config, secrets, deleted_at FROM actions WHERE id = ?',
    [actionId],
  );
  if (!row) return null;
  return {
    settings: loadSettings(String(row.type), String(row.config), secrets.open(String(row.secrets))),
    deleted: row.deleted_at !== null && row.deleted_at !== undefined,
  };
}

/** What messages say about a stored alert, with its first `maxEvents` events. */
export async function loadAlertMessageInput(
  db: Queryable,
  alertId: number,
  options: { maxEvents: number; linkBaseUrl: string | null },
): Promise<AlertMessageInput | null> {
  const alert = await db.get<Record<string, unknown>>(
    `SELECT a.id, a.rule_id, a.rule_name, a.severity, a.trigger_type, a.group_key, a.hostname,
      a.title, a.match_count, a.first_time, a.last_time, a.window_start, a.window_end,
      r.name AS rule_current_name, r.query, r.description
    FROM alerts a JOIN rules r ON r.id = a.rule_id WHERE a.id = ?`,
    [alertId],
  );
  if (!alert) return null;

  const events = await db.all<Record<string, unknown>>(
    `SELECT ${eventColumnList('e')} FROM alert_events ae JOIN events e ON e.id = ae.event_id
    WHERE ae.alert_id = ? ORDER BY e.id LIMIT ?`,
    [alertId, options.maxEvents],
  );

  return {
    alert: {
      id: toNumber(alert.id),
      title: (alert.title as string | null) || null,
      ruleName: String(alert.rule_name),
      severity: String(alert.severity),
      triggerType: String(alert.trigger_type),
      groupKey: (alert.group_key as string | null) ?? null,
      hostname: (alert.hostname as string | null) ?? null,
      matchCount: toNumber(alert.match_count),
      firstTime: toMillis(alert.first_time),
      lastTime: toMillis(alert.last_time),
      windowStart: toMillisOrNull(alert.window_start),
      windowEnd: toMillisOrNull(alert.window_end),
    },
    rule: {
      id: toNumber(alert.rule_id),
      name: String(alert.rule_current_name),
      query: String(alert.query),
      description: String(alert.description ?? ''),
    },
    events: events.map(rowToEvent),
    linkBaseUrl: options.linkBaseUrl,
    maxEvents: options.maxEvents,
  };
}
