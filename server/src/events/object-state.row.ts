import type { Dialect, SqlValue } from '../store/db.js';
import { toMillis, toMillisOrNull } from '../store/db.js';
import type { ObjectRecord } from './object-state.js';

/** The object_states columns, in the order of {@link objectValues}. */
export const objectColumns = [
  'key',
  'type',
  'asset_id',
  'state',
  'guid',
  'pid',
  'parent_guid',
  'parent_pid',
  'name',
  'process_key',
  'started_at',
  'ended_at',
  'first_event_id',
  'last_event_id',
  'last_time',
] as const;

/** `key, type, ...` for SELECT lists. */
export const objectColumnList = objectColumns.join(', ');

/** An ObjectRecord from a row of `SELECT <objectColumnList> FROM object_states`. */
export function rowToObject(row: Record<string, unknown>): ObjectRecord {
  return {
    key: row.key as string,
    type: row.type as ObjectRecord['type'],
    assetId: Number(row.asset_id),
    state: row.state as ObjectRecord['state'],
    guid: (row.guid as string | null) ?? null,
    pid: row.pid === null || row.pid === undefined ? null : Number(row.pid),
    parentGuid: (row.parent_guid as string | null) ?? null,
    parentPid:
      row.parent_pid === null || row.parent_pid === undefined ? null : Number(row.parent_pid),
    name: (row.name as string | null) ?? null,
    processKey: (row.process_key as string | null) ?? null,
    startedAt: toMillisOrNull(row.started_at),
    endedAt: toMillisOrNull(row.ended_at),
    firstEventId: Number(row.first_event_id),
    lastEventId: Number(row.last_event_id),
    lastTime: toMillis(row.last_time),
  };
}

/** The values of {@link objectColumns} for one record, bound in that order. */
export function objectValues(record: ObjectRecord, dialect: Dialect): SqlValue[] {
  const time = (value: number | null) =>
    value === null ? null : dialect === 'postgresql' ? new Date(value) : value;
  return [
    record.key,
    record.type,
    record.assetId,
    record.state,
    record.guid,
    record.pid,
    record.parentGuid,
    record.parentPid,
    record.name,
    record.processKey,
    time(record.startedAt),
    time(record.endedAt),
    record.firstEventId,
    record.lastEventId,
    time(record.lastTime),
  ];
}
