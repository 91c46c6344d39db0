import type { Queryable } from '../store/db.js';
import type { StoredEvent } from './event.js';
import { eventColumnList, rowToEvent } from './event.row.js';

const selectEvents = `SELECT ${eventColumnList()} FROM events`;

/** The events committed after `afterId`, in sequence order, at most `limit` of them. */
export async function readEventsAfter(
  db: Queryable,
  afterId: number,
  limit: number,
): Promise<StoredEvent[]> {
  const rows = await db.all(`${selectEvents} WHERE id > ? ORDER BY id LIMIT ?`, [afterId, limit]);
  return rows.map(rowToEvent);
}

/** One event by id, or null. */
export async function findEvent(db: Queryable, id: number): Promise<StoredEvent | null> {
  const row = await db.get(`${selectEvents} WHERE id = ?`, [id]);
  return row ? rowToEvent(row) : null;
}

/** Events by id, in the order of `ids`; missing ids are left out. */
export async function findEvents(db: Queryable, ids: readonly number[]): Promise<StoredEvent[]> {
  if (ids.length === 0) return [];
  const rows = await db.all(`${selectEvents} WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
  const byId = new Map(rows.map((row) => [Number(row.id), rowToEvent(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The id of the last committed event, or 0 on an empty store. */
export async function lastEventId(db: Queryable): Promise<number> {
  const row = await db.get<{ value: unknown }>(
    "SELECT value FROM counters WHERE name = 'event_seq'",
  );
  return row ? Number(row.value) : 0;
}
