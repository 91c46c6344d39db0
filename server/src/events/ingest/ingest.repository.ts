import type { Queryable, SqlValue } from '../../store/db.js';
import type { NormalizedEvent, StoredEvent } from '../event.js';
import { derivedEventColumns, eventColumns } from '../event.row.js';
import type { ObjectPlan, ObjectRecord, StateEvent } from '../object-state.js';
import {
  handleTypes,
  keysToLoad,
  planObjectStates,
  processKeyOf,
  withClosedHandles,
} from '../object-state.js';
import { objectColumnList, objectColumns, objectValues, rowToObject } from '../object-state.row.js';
import { ipKey } from './ip-key.js';

/** Ids and counts of one committed batch. */
export interface BatchRange {
  firstId: number;
  lastId: number;
  count: number;
}

// SQLite binds at most 32766 values per statement; PostgreSQL 65535.
const inListSize = 512;
const maxRowsPerStatement = 64;
const allEventColumns = [...eventColumns.map(([column]) => column), ...derivedEventColumns];
// The characters COPY's text format escapes with a backslash.
const copySpecial = /[\\\t\n\r]/;

/**
 * Stores one batch inside the caller's transaction: allocates its ids from the `event_seq`
 * counter, upserts the assets, updates the object states and inserts the events.
 *
 * @remarks
 * The counter row is locked first, so concurrent batches on PostgreSQL queue behind it:
 * ids commit in order and every batch reads the object states the previous one wrote.
 */
export async function writeBatch(
  tx: Queryable,
  events: readonly NormalizedEvent[],
  receivedAt: number,
): Promise<BatchRange> {
  const lastId = await allocateIds(tx, events.length);
  const firstId = lastId - events.length + 1;
  const assetIds = await upsertAssets(tx, events);

  const stateEvents = events.map((event, index) =>
    toStateEvent(event, firstId + index, assetIds.get(event.hostname.toLowerCase())!),
  );
  const stored = await loadObjects(tx, stateEvents);
  const plan = planObjectStates(stateEvents, stored);
  await mergeObjects(tx, plan.merged);
  const handles = await loadHandles(tx, plan.terminated);

  // PostgreSQL writes the object states while this process builds the event rows; the
  // statements still run one after the other, in this order.
  const saving = saveObjects(tx, withClosedHandles(plan, handles));
  const rows = events.map((event, index) => {
    const { id, assetId } = stateEvents[index]!;
    return rowValues(event, { id, assetId, receivedAt, objectKey: plan.keys[index]!.objectKey });
  });
  const copyText = tx.copyFrom ? pgCopyText(allEventColumns, rows) : null;
  await saving;
  await insertEvents(tx, rows, copyText);
  return { firstId, lastId, count: events.length };
}

/** Reserves `count` ids and returns the last; the first is `last - count + 1`. */
async function allocateIds(tx: Queryable, count: number): Promise<number> {
  const updated = await tx.get<{ value: unknown }>(
    "UPDATE counters SET value = value + ? WHERE name = 'event_seq' RETURNING value",
    [count],
  );
  if (updated) return Number(updated.value);
  // The first batch of a store: another writer may insert the row at the same moment.
  const inserted = await tx.get<{ value: unknown }>(
    `INSERT INTO counters (name, value) VALUES ('event_seq', ?)
     ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value RETURNING value`,
    [count],
  );
  return Number(inserted!.value);
}

/** One asset per lower-cased hostname; returns their ids by that key. */
async function upsertAssets(
  tx: Queryable,
  events: readonly NormalizedEvent[],
): Promise<Map<string, number>> {
  const hosts = new Map<string, { event: NormalizedEvent; first: number; last: number }>();
  for (const event of events) {
    const key = event.hostname.toLowerCase();
    const host = hosts.get(key);
    if (!host) hosts.set(key, { event, first: event.time, last: event.time });
    else {
      host.first = Math.min(host.first, event.time);
      host.last = Math.max(host.last, event.time);
      if (!host.event.agentId && event.agentId) host.event = event;
    }
  }

  const pg = tx.dialect === 'postgresql';
  const [least, greatest] = pg ? ['LEAST', 'GREATEST'] : ['min', 'max'];
  const time = (ms: number) => (pg ? new Date(ms) : ms);
  const entries = [...hosts].sort(([a], [b]) => (a < b ? -1 : 1));
  const rows = await tx.all<{ id: unknown; host_key: string }>(
    `INSERT INTO assets (host_key, hostname, agent_id, platform, first_seen_at, last_seen_at)
     VALUES ${entries.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
     ON CONFLICT (host_key) DO UPDATE SET
       agent_id = coalesce(excluded.agent_id, assets.agent_id),
       platform = coalesce(excluded.platform, assets.platform),
       first_seen_at = ${least}(assets.first_seen_at, excluded.first_seen_at),
       last_seen_at = ${greatest}(assets.last_seen_at, excluded.last_seen_at)
     RETURNING id, host_key`,
    entries.flatMap(([key, { event, first, last }]) => [
      key,
      event.hostname,
      event.agentId,
      event.platform,
      time(first),
      time(last),
    ]),
  );
  return new Map(rows.map((row) => [row.host_key, Number(row.id)]));
}

/**
 * The stored objects the batch is about, and the processes it may name by PID only (those
 * on the same assets with the same PIDs, not terminated before the batch's first event).
 */
async function loadObjects(tx: Queryable, events: readonly StateEvent[]): Promise<ObjectRecord[]> {
  const found = new Map<string, ObjectRecord>();
  for (const chunk of chunks(keysToLoad(events), inListSize)) {
    const rows = await tx.all(
      `SELECT ${objectColumnList} FROM object_states WHERE key IN (${marks(chunk.length)})`,
      chunk,
    );
    for (const row of rows) found.set(row.key as string, rowToObject(row));
  }

  const assets = new Set<number>();
  const pids = new Set<number>();
  let earliest = Infinity;
  for (const event of events) {
    if (event.processPid === null) continue;
    const known = event.processGuid && found.has(processKeyOf(event.assetId, event.processGuid));
    if (known && event.action !== 'STARTED') continue;
    assets.add(event.assetId);
    pids.add(event.processPid);
    earliest = Math.min(earliest, event.time);
  }

  // A superset (every PID on every asset named) that the index answers in one go; the
  // upkeep only pairs a PID with its own asset.
  const since = tx.dialect === 'postgresql' ? new Date(earliest) : earliest;
  for (const assetChunk of chunks([...assets], inListSize)) {
    for (const pidChunk of chunks([...pids], inListSize)) {
      const rows = await tx.all(
        `SELECT ${objectColumnList} FROM object_states
         WHERE asset_id IN (${marks(assetChunk.length)}) AND pid IN (${marks(pidChunk.length)})
           AND type = 'PROCESS' AND (ended_at IS NULL OR ended_at >= ?)`,
        [...assetChunk, ...pidChunk, since],
      );
      for (const row of rows) found.set(row.key as string, rowToObject(row));
    }
  }
  return [...found.values()];
}

async function mergeObjects(tx: Queryable, merged: ObjectPlan['merged']): Promise<void> {
  for (const { from, into } of merged) {
    await tx.run('DELETE FROM object_states WHERE key = ?', [from]);
    await tx.run('UPDATE events SET object_key = ? WHERE object_key = ?', [into, from]);
    await tx.run('UPDATE object_states SET process_key = ? WHERE process_key = ?', [into, from]);
  }
}

/**
 * The stored connections and handles of the processes a batch terminated. Only the process
 * key is indexed for this: a condition on the state would let the planner pick the
 * (state, type) index and read every open connection of the store instead.
 */
async function loadHandles(
  tx: Queryable,
  terminated: ObjectPlan['terminated'],
): Promise<ObjectRecord[]> {
  const keys = [...new Set(terminated.map((entry) => entry.processKey))];
  const types = handleTypes.map((type) => `'${type}'`).join(', ');
  const handles: ObjectRecord[] = [];
  for (const chunk of chunks(keys, inListSize)) {
    const rows = await tx.all(
      `SELECT ${objectColumnList} FROM object_states
       WHERE process_key IN (${marks(chunk.length)}) AND type IN (${types})`,
      chunk,
    );
    for (const row of rows) handles.push(rowToObject(row));
  }
  return handles;
}

async function saveObjects(tx: Queryable, records: readonly ObjectRecord[]): Promise<void> {
  if (records.length === 0) return;
  const updates = objectColumns
    .filter((column) => column !== 'key')
    .map((column) => `${column} = excluded.${column}`)
    .join(', ');
  const rows = records.map((record) => objectValues(record, 'sqlite'));
  if (tx.dialect === 'postgresql') {
    await tx.run(
      `INSERT INTO object_states (${objectColumnList})
       SELECT ${objectColumnList} FROM json_populate_recordset(NULL::object_states, ?::json)
       ON CONFLICT (key) DO UPDATE SET ${updates}`,
      [pgRecords(objectColumns, rows)],
    );
    return;
  }
  await insertRows(
    tx,
    `INSERT INTO object_states (${objectColumnList}) VALUES`,
    rows,
    `ON CONFLICT (key) DO UPDATE SET ${updates}`,
  );
}

/**
 * Inserts the rows: with COPY from `copyText` (the rows as {@link pgCopyText} gives them)
 * where the store takes it, PostgreSQL; otherwise with multi-row INSERTs.
 */
async function insertEvents(
  tx: Queryable,
  rows: readonly SqlValue[][],
  copyText: string | null,
): Promise<void> {
  const columnList = allEventColumns.join(', ');
  if (copyText !== null && tx.copyFrom) {
    await tx.copyFrom(`COPY events (${columnList}) FROM STDIN`, copyText);
    return;
  }
  await insertRows(tx, `INSERT INTO events (${columnList}) VALUES`, rows);
}

// The values of every events column, derived ones last, times in milliseconds.
function rowValues(
  event: NormalizedEvent,
  stored: Pick<StoredEvent, 'id' | 'assetId' | 'receivedAt' | 'objectKey'>,
): SqlValue[] {
  const values: SqlValue[] = new Array(allEventColumns.length);
  for (let index = 0; index < eventColumns.length; index++) {
    const property = eventColumns[index]![1];
    const value =
      property in stored
        ? stored[property as keyof typeof stored]
        : event[property as keyof NormalizedEvent];
    values[index] = (value ?? null) as SqlValue;
  }
  values[eventColumns.length] = ipKey(event.localIp);
  values[eventColumns.length + 1] = ipKey(event.remoteIp);
  return values;
}

function toStateEvent(event: NormalizedEvent, id: number, assetId: number): StateEvent {
  return {
    id,
    assetId,
    time: event.time,
    type: event.type,
    action: event.action,
    processGuid: event.processGuid,
    processPid: event.processPid,
    processName: event.processName,
    parentGuid: event.parentGuid,
    parentPid: event.parentPid,
    remoteIp: event.remoteIp,
    remotePort: event.remotePort,
    remoteFqdn: event.remoteFqdn,
    localIp: event.localIp,
    localPort: event.localPort,
    protocol: event.protocol,
    filePath: event.filePath,
    registryKey: event.registryKey,
    registryData: event.registryData,
    handleName: event.handleName,
    handleKind: event.handleKind,
  };
}

/**
 * Inserts rows on SQLite with multi-row statements. Chunks have power-of-two sizes, so a
 * handful of prepared statements serve every batch size.
 */
async function insertRows(tx: Queryable, head: string, rows: readonly SqlValue[][], tail = '') {
  let start = 0;
  while (start < rows.length) {
    let size = maxRowsPerStatement;
    while (size > rows.length - start) size /= 2;
    const width = rows[start]!.length;
    const params: SqlValue[] = new Array(size * width);
    for (let index = 0; index < size; index++) {
      const row = rows[start + index]!;
      for (let column = 0; column < width; column++) params[index * width + column] = row[column]!;
    }
    await tx.run(multiRowSql(head, tail, size, width), params);
    start += size;
  }
}

// The statement texts of insertRows, made once: they are long, and the store's statement
// cache hashes the text on every call.
const multiRowStatements = new Map<string, string>();

function multiRowSql(head: string, tail: string, size: number, width: number): string {
  const key = `${size}|${width}|${head}|${tail}`;
  let sql = multiRowStatements.get(key);
  if (sql === undefined) {
    sql = `${head} ${new Array(size).fill(`(${marks(width)})`).join(', ')} ${tail}`;
    multiRowStatements.set(key, sql);
  }
  return sql;
}

/**
 * Rows as one JSON parameter for `json_populate_recordset`: PostgreSQL expands a whole
 * batch from it in one statement, without a parameter per value. Times (milliseconds on
 * the SQLite side) become ISO text.
 */
function pgRecords(columns: readonly string[], rows: readonly SqlValue[][]): string {
  const timeColumns = columns.map(isTimeColumn);
  return JSON.stringify(
    rows.map((row) => {
      const record: Record<string, unknown> = {};
      for (let index = 0; index < columns.length; index++) {
        const value = row[index];
        record[columns[index]!] =
          timeColumns[index] && value !== null ? new Date(value as number).toISOString() : value;
      }
      return record;
    }),
  );
}

/**
 * Rows in the text format of PostgreSQL's COPY: a line per row, tab-separated, `\N` for
 * NULL, backslash escapes for backslash, tab, newline and carriage return. Times
 * (milliseconds on the SQLite side) become ISO text.
 */
function pgCopyText(columns: readonly string[], rows: readonly SqlValue[][]): string {
  const timeColumns = columns.map(isTimeColumn);
  const lines: string[] = new Array(rows.length);
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    const fields: string[] = new Array(columns.length);
    for (let column = 0; column < columns.length; column++) {
      const value = row[column];
      if (value === null || value === undefined) fields[column] = '\\N';
      else if (timeColumns[column]) fields[column] = new Date(value as number).toISOString();
      else if (typeof value === 'string') fields[column] = copyEscape(value);
      else if (value instanceof Date) fields[column] = value.toISOString();
      else fields[column] = String(value);
    }
    lines[index] = fields.join('\t');
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function copyEscape(text: string): string {
  if (!copySpecial.test(text)) return text;
  // Backslashes first, so the escapes added after are not doubled.
  let escaped = text.replaceAll('\\', '\\\\');
  if (escaped.includes('\t')) escaped = escaped.replaceAll('\t', '\\t');
  if (escaped.includes('\n')) escaped = escaped.replaceAll('\n', '\\n');
  if (escaped.includes('\r')) escaped = escaped.replaceAll('\r', '\\r');
  return escaped;
}

function isTimeColumn(column: string): boolean {
  return column === 'time' || column === 'last_time' || column.endsWith('_at');
}

function marks(count: number): string {
  return new Array(count).fill('?').join(', ');
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    out.push(items.slice(start, start + size));
  return out;
}
