import type { StoredEvent } from '../events/event.js';
import { eventColumns } from '../events/event.row.js';
import type { RuleRecord } from '../rules/rule.js';
import { ruleColumnList, ruleFromRow } from '../rules/rule.row.js';
import type { Queryable, SqlValue } from '../store/db.js';
import { toMillis, toNumber } from '../store/db.js';
import type { AlertDraft } from './alert-draft.js';
import { deserializeRuleState, serializeRuleState, type RuleState } from './rule-state.js';

/** Where the evaluator stands: the last event evaluated and the number of commits made. */
export interface Checkpoint {
  eventId: number;
  /** Bumped by every commit; a commit expecting another value was overtaken. */
  commits: number;
}

/** What one evaluation step or clock close writes, in one transaction. */
export interface StepWrite {
  /** The checkpoint the step started from. */
  from: Checkpoint;
  /** The last event id the step evaluated; equal to `from.eventId` for a close by the clock. */
  eventId: number;
  alerts: readonly AlertDraft[];
  states: ReadonlyMap<number, RuleState>;
  now: number;
}

/** A stored alert: its id and what it was drafted from. */
export interface StoredAlert {
  id: number;
  draft: AlertDraft;
}

/** The evaluator's step was overtaken by another commit: another leader is running. */
export class CheckpointMovedError extends Error {
  override name = 'CheckpointMovedError';
}

const checkpointName = 'evaluator';
const commitsName = 'evaluator_commits';
const rowsPerInsert = 400;

// What every evaluation needs of an event, whatever its rules read.
const alwaysRead: ReadonlyArray<keyof StoredEvent> = [
  'id',
  'time',
  'receivedAt',
  'type',
  'hostname',
];

/**
 * The events committed after `afterId`, in sequence order, with only the properties in
 * `reads` (and those every evaluation needs) set; the others are null and `raw` is empty.
 */
export async function readEventsForEvaluation(
  db: Queryable,
  afterId: number,
  limit: number,
  reads: ReadonlySet<keyof StoredEvent>,
): Promise<StoredEvent[]> {
  const wanted = new Set<keyof StoredEvent>([...alwaysRead, ...reads]);
  const columns = eventColumns.filter(([, property]) => wanted.has(property as keyof StoredEvent));
  const rows = await db.all(
    `SELECT ${columns.map(([column]) => column).join(', ')} FROM events WHERE id > ? ORDER BY id LIMIT ?`,
    [afterId, limit],
  );
  return rows.map((row) => {
    const event = { ...emptyRow } as Record<string, unknown>;
    for (const [column, property] of columns) event[property] = row[column] ?? null;
    event.id = toNumber(row.id);
    event.time = toMillis(row.time);
    event.receivedAt = toMillis(row.received_at);
    return event as unknown as StoredEvent;
  });
}

const emptyRow: Record<string, unknown> = Object.fromEntries([
  ...eventColumns.map(([, property]) => [property, null]),
  ['raw', ''],
  ['platform', null],
]);

/** Reads the checkpoint, creating its counters on a new store. */
export async function readCheckpoint(db: Queryable): Promise<Checkpoint> {
  await db.run(
    `INSERT INTO counters (name, value) VALUES (?, 0), (?, 0) ON CONFLICT (name) DO NOTHING`,
    [checkpointName, commitsName],
  );
  const rows = await db.all<{ name: string; value: unknown }>(
    'SELECT name, value FROM counters WHERE name IN (?, ?)',
    [checkpointName, commitsName],
  );
  const value = (name: string) => toNumber(rows.find((row) => row.name === name)?.value ?? 0);
  return { eventId: value(checkpointName), commits: value(commitsName) };
}

/**
 * A value that changes whenever a rule is created or changed (every change bumps its
 * version), so the evaluator reloads rules only when needed.
 */
export async function readRulesSignature(db: Queryable): Promise<string> {
  const row = await db.get<{ n: unknown; v: unknown; m: unknown }>(
    'SELECT count(*) AS n, COALESCE(sum(version), 0) AS v, COALESCE(max(id), 0) AS m FROM rules',
  );
  return `${toNumber(row?.n)}:${toNumber(row?.v)}:${toNumber(row?.m)}`;
}

/** The enabled, not deleted rules, by id. */
export async function readActiveRules(db: Queryable): Promise<RuleRecord[]> {
  const rows = await db.all(
    `SELECT ${ruleColumnList} FROM rules WHERE enabled = ? AND deleted_at IS NULL ORDER BY id`,
    [true],
  );
  return rows.map(ruleFromRow);
}

/** The stored trigger states of the given rules. */
export async function readRuleStates(
  db: Queryable,
  ruleIds: readonly number[],
): Promise<Map<number, RuleState>> {
  const states = new Map<number, RuleState>();
  for (let i = 0; i < ruleIds.length; i += rowsPerInsert) {
    const ids = ruleIds.slice(i, i + rowsPerInsert);
    const rows = await db.all<{ rule_id: unknown; state: string }>(
      `SELECT rule_id, state FROM rule_states WHERE rule_id IN (${marks(ids.length)})`,
      ids,
    );
    for (const row of rows) states.set(toNumber(row.rule_id), deserializeRuleState(row.state));
  }
  return states;
}

/**
 * Writes a step: moves the checkpoint (failing with CheckpointMovedError when another
 * commit came first), stores the alerts with their matched events and one PENDING
 * delivery per action of their rule, the changed rule states and the rules' last
 * triggered time. Run it inside one transaction.
 */
export async function writeStep(tx: Queryable, step: StepWrite): Promise<StoredAlert[]> {
  const moved = await tx.run('UPDATE counters SET value = ? WHERE name = ? AND value = ?', [
    step.from.commits + 1,
    commitsName,
    step.from.commits,
  ]);
  if (moved !== 1) throw new CheckpointMovedError('another evaluator committed first');
  if (step.eventId !== step.from.eventId) {
    await tx.run('UPDATE counters SET value = ? WHERE name = ?', [step.eventId, checkpointName]);
  }

  const now = new Date(step.now);
  const stored = await insertAlerts(tx, step.alerts, now);
  await insertAlertEvents(tx, stored);
  await insertDeliveries(tx, stored, now);
  await writeStates(tx, step.states, now);
  await markTriggered(tx, stored, now);
  return stored;
}

async function insertAlerts(
  tx: Queryable,
  drafts: readonly AlertDraft[],
  now: Date,
): Promise<StoredAlert[]> {
  if (drafts.length === 0) return [];
  const ids = await allocateAlertIds(tx, drafts.length);
  const stored = drafts.map((draft, index) => ({ id: ids[index]!, draft }));

  await insertRows(
    tx,
    'alerts',
    [
      'id',
      'rule_id',
      'rule_name',
      'rule_version',
      'severity',
      'trigger_type',
      'group_key',
      'hostname',
      'title',
      'match_count',
      'first_time',
      'last_time',
      'window_start',
      'window_end',
      'created_at',
    ],
    stored.map(({ id, draft }) => [
      id,
      draft.ruleId,
      draft.ruleName,
      draft.ruleVersion,
      draft.severity,
      draft.triggerType,
      draft.groupKey,
      draft.hostname,
      draft.title,
      draft.matchCount,
      new Date(draft.firstTime),
      new Date(draft.lastTime),
      draft.windowStart === null ? null : new Date(draft.windowStart),
      draft.windowEnd === null ? null : new Date(draft.windowEnd),
      now,
    ]),
  );
  return stored;
}

// Ids are taken in order so alerts sort by id the way they triggered. Only the evaluator
// leader inserts alerts, inside its step transaction.
async function allocateAlertIds(tx: Queryable, count: number): Promise<number[]> {
  if (tx.dialect === 'postgresql') {
    const rows = await tx.all<{ id: unknown }>(
      `SELECT nextval(pg_get_serial_sequence('alerts', 'id')) AS id FROM generate_series(1, ?)`,
      [count],
    );
    return rows.map((row) => toNumber(row.id)).sort((a, b) => a - b);
  }
  const row = await tx.get<{ id: unknown }>(
    "SELECT COALESCE(MAX(seq), 0) AS id FROM sqlite_sequence WHERE name = 'alerts'",
  );
  const last = await tx.get<{ id: unknown }>('SELECT COALESCE(MAX(id), 0) AS id FROM alerts');
  const first = Math.max(toNumber(row?.id ?? 0), toNumber(last?.id ?? 0)) + 1;
  return Array.from({ length: count }, (_, index) => first + index);
}

async function insertAlertEvents(tx: Queryable, stored: readonly StoredAlert[]): Promise<void> {
  const rows = stored.flatMap(({ id, draft }) => draft.eventIds.map((eventId) => [id, eventId]));
  await insertRows(tx, 'alert_events', ['alert_id', 'event_id'], rows);
}

async function insertDeliveries(
  tx: Queryable,
  stored: readonly StoredAlert[],
  now: Date,
): Promise<void> {
  if (stored.length === 0) return;
  const ruleIds = [...new Set(stored.map(({ draft }) => draft.ruleId))];
  const links = await tx.all<{ rule_id: unknown; action_id: unknown }>(
    `SELECT ra.rule_id, ra.action_id FROM rule_actions ra
       JOIN actions a ON a.id = ra.action_id
      WHERE a.deleted_at IS NULL AND ra.rule_id IN (${marks(ruleIds.length)})
      ORDER BY ra.rule_id, ra.action_id`,
    ruleIds,
  );
  const actionsOf = new Map<number, number[]>();
  for (const link of links) {
    const ruleId = toNumber(link.rule_id);
    actionsOf.set(ruleId, [...(actionsOf.get(ruleId) ?? []), toNumber(link.action_id)]);
  }

  const rows = stored.flatMap(({ id, draft }) =>
    (actionsOf.get(draft.ruleId) ?? []).map((actionId) => [
      id,
      actionId,
      'PENDING',
      0,
      now,
      now,
      now,
    ]),
  );
  await insertRows(
    tx,
    'deliveries',
    ['alert_id', 'action_id', 'status', 'attempts', 'next_attempt_at', 'created_at', 'updated_at'],
    rows,
  );
}

async function writeStates(
  tx: Queryable,
  states: ReadonlyMap<number, RuleState>,
  now: Date,
): Promise<void> {
  const rows = [...states].map(([ruleId, state]) => [ruleId, serializeRuleState(state), now]);
  await insertRows(tx, 'rule_states', ['rule_id', 'state', 'updated_at'], rows, {
    conflict: 'rule_id',
    update: ['state', 'updated_at'],
  });
}

async function markTriggered(tx: Queryable, stored: readonly StoredAlert[], now: Date) {
  const ruleIds = [...new Set(stored.map(({ draft }) => draft.ruleId))];
  if (ruleIds.length === 0) return;
  await tx.run(`UPDATE rules SET last_triggered_at = ? WHERE id IN (${marks(ruleIds.length)})`, [
    now,
    ...ruleIds,
  ]);
}

async function insertRows(
  tx: Queryable,
  table: string,
  columns: readonly string[],
  rows: readonly SqlValue[][],
  upsert?: { conflict: string; update: readonly string[] },
): Promise<void> {
  const row = `(${marks(columns.length)})`;
  const onConflict = upsert
    ? ` ON CONFLICT (${upsert.conflict}) DO UPDATE SET ${upsert.update.map((column) => `${column} = excluded.${column}`).join(', ')}`
    : '';

  for (let i = 0; i < rows.length; i += rowsPerInsert) {
    const chunk = rows.slice(i, i + rowsPerInsert);
    await tx.run(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => row).join(', ')}${onConflict}`,
      chunk.flat(),
    );
  }
}

function marks(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}
