import type { Dialect, SqlValue } from '../store/db.js';
import { toMillis } from '../store/db.js';
import type { StoredEvent } from './event.js';

/**
 * The events table, column by column, with the StoredEvent property each holds. The order
 * is the order of `eventColumnList` and of the values `eventValues` returns.
 */
export const eventColumns = [
  ['id', 'id'],
  ['time', 'time'],
  ['received_at', 'receivedAt'],
  ['type', 'type'],
  ['action', 'action'],
  ['source', 'source'],
  ['source_event_id', 'sourceEventId'],
  ['asset_id', 'assetId'],
  ['hostname', 'hostname'],
  ['agent_id', 'agentId'],
  ['object_key', 'objectKey'],
  ['process_name', 'processName'],
  ['process_path', 'processPath'],
  ['process_pid', 'processPid'],
  ['process_command_line', 'processCommandLine'],
  ['process_user', 'processUser'],
  ['process_guid', 'processGuid'],
  ['process_integrity', 'processIntegrity'],
  ['process_md5', 'processMd5'],
  ['process_sha256', 'processSha256'],
  ['parent_name', 'parentName'],
  ['parent_path', 'parentPath'],
  ['parent_pid', 'parentPid'],
  ['parent_command_line', 'parentCommandLine'],
  ['parent_guid', 'parentGuid'],
  ['local_ip', 'localIp'],
  ['local_port', 'localPort'],
  ['remote_ip', 'remoteIp'],
  ['remote_port', 'remotePort'],
  ['remote_fqdn', 'remoteFqdn'],
  ['protocol', 'protocol'],
  ['direction', 'direction'],
  ['file_path', 'filePath'],
  ['file_name', 'fileName'],
  ['file_md5', 'fileMd5'],
  ['file_sha256', 'fileSha256'],
  ['registry_key', 'registryKey'],
  ['registry_value_name', 'registryValueName'],
  ['registry_data', 'registryData'],
  ['handle_name', 'handleName'],
  ['handle_kind', 'handleKind'],
  ['score', 'score'],
  ['verdict', 'verdict'],
  ['threat_name', 'threatName'],
  ['raw', 'raw'],
] as const satisfies ReadonlyArray<readonly [string, keyof StoredEvent | 'platform']>;

/** Columns computed from others at insert time, not read back into StoredEvent. */
export const derivedEventColumns = ['local_ip_key', 'remote_ip_key'] as const;

/** `id, time, ...` for SELECT lists, optionally qualified with a table alias. */
export function eventColumnList(alias?: string): string {
  const prefix = alias ? `${alias}.` : '';
  return eventColumns.map(([column]) => `${prefix}${column}`).join(', ');
}

/** A StoredEvent from a row of `SELECT <eventColumnList()> FROM events`, on either dialect. */
export function rowToEvent(row: Record<string, unknown>): StoredEvent {
  const event = { platform: null } as Record<string, unknown>;
  for (const [column, property] of eventColumns) event[property] = row[column] ?? null;
  event.id = Number(row.id);
  event.time = toMillis(row.time);
  event.receivedAt = toMillis(row.received_at);
  return event as unknown as StoredEvent;
}

/** The values of `eventColumns` for one event, bound in that order. */
export function eventValues(event: StoredEvent, dialect: Dialect): SqlValue[] {
  return eventColumns.map(([, property]) => {
    const value = event[property as keyof StoredEvent];
    if (property === 'time' || property === 'receivedAt') {
      return dialect === 'postgresql' ? new Date(value as number) : (value as number);
    }
    return (value ?? null) as SqlValue;
  });
}
