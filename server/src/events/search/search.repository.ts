import type { Queryable, SqlValue } from '../../store/db.js';
import { toMillisOrNull } from '../../store/db.js';
import type { SqlFilter } from '../../query/sql.js';
import type { StoredEvent } from '../event.js';
import { eventColumnList, rowToEvent } from '../event.row.js';
import { liveStates } from '../object-state.js';

/** The events a search covers: the latest of each live object, or a period of event time. */
export type SearchScope =
  { kind: 'current' } | { kind: 'period'; from: number | null; to: number | null };

/** Where a page starts: after the event with this time and id (newest first). */
export interface Position {
  time: number;
  id: number;
}

const columns = eventColumnList('e');
const matchAll = '1 = 1';

/**
 * Up to `limit` matching events after `after`, newest first by event time, then by id.
 *
 * @remarks
 * The page's ids are chosen first, from an index where one serves the filter, and only
 * those rows are read whole: sorting many matches moves keys, not raw records.
 */
export async function readPage(
  db: Queryable,
  scope: SearchScope,
  filter: SqlFilter,
  after: Position | null,
  limit: number,
): Promise<StoredEvent[]> {
  const where = whereOf(db, scope, filter);
  if (after) {
    where.sql.push('(e.time < ? OR (e.time = ? AND e.id < ?))');
    where.params.push(new Date(after.time), new Date(after.time), after.id);
  }
  const rows = await db.all(
    `SELECT ${columns} FROM events e WHERE e.id IN (
       SELECT e.id FROM events e WHERE ${where.sql.join(' AND ')}
       ORDER BY e.time DESC, e.id DESC LIMIT ?)
     ORDER BY e.time DESC, e.id DESC`,
    [...where.params, limit],
  );
  return rows.map(rowToEvent);
}

/** How many events match, by type. */
export async function countByType(
  db: Queryable,
  scope: SearchScope,
  filter: SqlFilter,
): Promise<Map<string, number>> {
  // Every live object's latest event, counted from the object states alone: an object's
  // type is the type of its events.
  if (scope.kind === 'current' && filter.params.length === 0 && filter.sql === matchAll) {
    const rows = await db.all<{ type: string; n: unknown }>(
      `SELECT s.type AS type, COUNT(*) AS n FROM object_states s
       WHERE s.state IN (${liveStates.map(() => '?').join(', ')}) GROUP BY s.type`,
      [...liveStates],
    );
    return new Map(rows.map((row) => [row.type, Number(row.n)]));
  }

  const where = whereOf(db, scope, filter);
  const rows = await db.all<{ type: string; n: unknown }>(
    `SELECT e.type AS type, COUNT(*) AS n FROM events e WHERE ${where.sql.join(' AND ')}
     GROUP BY e.type`,
    where.params,
  );
  return new Map(rows.map((row) => [row.type, Number(row.n)]));
}

/** The event times of the first and last match, or null when nothing matches. */
export async function timeBounds(
  db: Queryable,
  scope: SearchScope,
  filter: SqlFilter,
): Promise<{ first: number; last: number } | null> {
  const where = whereOf(db, scope, filter);
  const row = await db.get<{ first: unknown; last: unknown }>(
    `SELECT MIN(e.time) AS first, MAX(e.time) AS last FROM events e WHERE ${where.sql.join(' AND ')}`,
    where.params,
  );
  const first = toMillisOrNull(row?.first);
  const last = toMillisOrNull(row?.last);
  return first === null || last === null ? null : { first, last };
}

/**
 * Matching events from `from` (inclusive) to `to` (exclusive) counted per bucket of
 * `width` ms and per type; bucket 0 starts at `from`.
 */
export async function countByBucket(
  db: Queryable,
  scope: SearchScope,
  filter: SqlFilter,
  from: number,
  to: number,
  width: number,
): Promise<{ bucket: number; type: string; count: number }[]> {
  const where = whereOf(db, scope, filter);
  where.sql.push('e.time >= ? AND e.time < ?');
  where.params.push(new Date(from), new Date(to));

  const bucket =
    db.dialect === 'sqlite'
      ? 'CAST((e.time - ?) / ? AS INTEGER)'
      : 'CAST(FLOOR((EXTRACT(EPOCH FROM e.time) * 1000 - CAST(? AS bigint)) / CAST(? AS bigint)) AS bigint)';
  const rows = await db.all<{ bucket: unknown; type: string; n: unknown }>(
    `SELECT ${bucket} AS bucket, e.type AS type, COUNT(*) AS n FROM events e
     WHERE ${where.sql.join(' AND ')} GROUP BY 1, 2`,
    [from, width, ...where.params],
  );
  return rows.map((row) => ({ bucket: Number(row.bucket), type: row.type, count: Number(row.n) }));
}

function whereOf(
  db: Queryable,
  scope: SearchScope,
  filter: SqlFilter,
): { sql: string[]; params: SqlValue[] } {
  const sql: string[] = [];
  const params: SqlValue[] = [];

  if (scope.kind === 'current') {
    sql.push(
      `EXISTS (SELECT 1 FROM object_states s WHERE s.last_event_id = e.id AND s.state IN (${liveStates.map(() => '?').join(', ')}))`,
    );
    params.push(...liveStates);
  } else {
    // Told that a period keeps many rows, SQLite prefers an index on the query's own terms
    // and reads the time from it, rather than scanning the period row by row.
    const bound = (condition: string) =>
      db.dialect === 'sqlite' ? `likelihood(${condition}, 0.5)` : condition;
    if (scope.from !== null) {
      sql.push(bound('e.time >= ?'));
      params.push(new Date(scope.from));
    }
    if (scope.to !== null) {
      sql.push(bound('e.time < ?'));
      params.push(new Date(scope.to));
    }
  }

  sql.push(filter.sql);
  params.push(...filter.params);
  return { sql, params };
}
