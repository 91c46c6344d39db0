import type { EventType, NormalizedEvent } from './event.js';

/**
 * The states an object can be in, per event type. An event moves its object to the state
 * its action implies; the latest event by event time decides.
 *
 * - PROCESS: RUNNING after STARTED, TERMINATED after TERMINATED.
 * - FILE: PRESENT after CREATED or MODIFIED, DELETED after DELETED.
 * - NETWORK (a connection): OPEN after CONNECTED; CLOSED once its process terminates.
 * - MUTEX (a mutex or named pipe): OPEN after CREATED or CONNECTED; CLOSED once its
 *   process terminates.
 * - REGISTRY (a key or value): PRESENT after KEY_CREATED, VALUE_SET or RENAMED (the new
 *   name); DELETED after KEY_DELETED or VALUE_DELETED.
 *
 * DNS queries are point events: they have no object and no state.
 */
export const objectStates = {
  PROCESS: ['RUNNING', 'TERMINATED'],
  FILE: ['PRESENT', 'DELETED'],
  NETWORK: ['OPEN', 'CLOSED'],
  MUTEX: ['OPEN', 'CLOSED'],
  REGISTRY: ['PRESENT', 'DELETED'],
} as const satisfies Record<EventType, readonly string[]>;

export type ObjectStateName = (typeof objectStates)[EventType][number];

/** States in which an object counts as current: what the "Current State" filter shows. */
export const liveStates: readonly ObjectStateName[] = ['RUNNING', 'PRESENT', 'OPEN'];

/** The state of one object, as the `object_states` table holds it. Times in ms UTC. */
export interface ObjectRecord {
  key: string;
  type: EventType;
  assetId: number;
  state: ObjectStateName;
  /** For a process, its own GUID and PID; for other objects, those of the acting process. */
  guid: string | null;
  pid: number | null;
  parentGuid: string | null;
  parentPid: number | null;
  /** Process name, file path, pipe or mutex name, `address:port`, registry path. */
  name: string | null;
  /** For objects other than processes: the key of the process that acted last. */
  processKey: string | null;
  /** When a process started; when any other object was first seen. */
  startedAt: number | null;
  /** When a process terminated, or a connection or handle closed with its process. */
  endedAt: number | null;
  /** For a process, its STARTED event when known; otherwise the earliest event. */
  firstEventId: number;
  /** The latest event about the object by event time. */
  lastEventId: number;
  lastTime: number;
}

/** The fields of an event the upkeep reads: a normalised event with its id and asset. */
export type StateEvent = Pick<
  NormalizedEvent,
  | 'time'
  | 'type'
  | 'action'
  | 'processGuid'
  | 'processPid'
  | 'processName'
  | 'parentGuid'
  | 'parentPid'
  | 'remoteIp'
  | 'remotePort'
  | 'remoteFqdn'
  | 'localIp'
  | 'localPort'
  | 'protocol'
  | 'filePath'
  | 'registryKey'
  | 'registryData'
  | 'handleName'
  | 'handleKind'
> & { id: number; assetId: number };

/** What a batch of events does to the stored object states. */
export interface ObjectPlan {
  /** Per event, in input order: the object it is about and the process that acted. */
  keys: Array<{ objectKey: string | null; processKey: string | null }>;
  /** Objects created or changed, to write whole. */
  changed: ObjectRecord[];
  /**
   * Process objects folded into another: a termination that arrived before its start and
   * was first kept on its own. Delete `from`, point its events and handles at `into`.
   */
  merged: Array<{ from: string; into: string }>;
  /** Processes this batch terminated: their open connections and handles close. */
  terminated: Array<{ processKey: string; endedAt: number }>;
}

/** The key of the process object with `guid` on an asset. */
export function processKeyOf(assetId: number, guid: string): string {
  return `process|${assetId}|${guid}`;
}

/**
 * The keys of the objects `events` are about, other than processes, and the GUID keys of
 * the processes they name: everything the upkeep needs loaded from the store.
 */
export function keysToLoad(events: readonly StateEvent[]): string[] {
  const keys = new Set<string>();
  for (const event of events) {
    if (event.processGuid) keys.add(processKeyOf(event.assetId, event.processGuid));
    else if (event.type === 'PROCESS' && event.action === 'STARTED' && event.processPid !== null) {
      keys.add(pidStartKey(event));
    }
    const key = event.type === 'PROCESS' ? null : objectKeyOf(event);
    if (key) keys.add(key);
  }
  return [...keys];
}

/**
 * The key of the non-process object an event is about, or null for point events (DNS
 * queries) and events without the identifying field. Connections, pipes and mutexes belong
 * to the process that reported them; files and registry values belong to the asset.
 */
export function objectKeyOf(event: StateEvent): string | null {
  const owner = event.processGuid ?? (event.processPid === null ? '-' : `pid ${event.processPid}`);
  switch (event.type) {
    case 'NETWORK':
      if (event.action !== 'CONNECTED') return null;
      return [
        'network',
        event.assetId,
        owner,
        event.protocol ?? '',
        event.localIp ?? '',
        event.localPort ?? '',
        event.remoteIp ?? '',
        event.remotePort ?? '',
      ].join('|');
    case 'MUTEX':
      if (!event.handleName) return null;
      return `mutex|${event.assetId}|${owner}|${event.handleKind ?? 'MUTEX'}|${event.handleName.toLowerCase()}`;
    case 'FILE':
      return event.filePath ? `file|${event.assetId}|${event.filePath.toLowerCase()}` : null;
    case 'REGISTRY': {
      const path = event.action === 'RENAMED' ? event.registryData : event.registryKey;
      return path ? `registry|${event.assetId}|${path.toLowerCase()}` : null;
    }
    case 'PROCESS':
      return null;
  }
}

/**
 * The process alive at `time` with `pid` on an asset: the latest one started at or before
 * `time` and not terminated before it. Processes without a known start never match.
 */
export function aliveByPid<T extends Pick<ObjectRecord, 'startedAt' | 'endedAt'>>(
  candidates: readonly T[],
  time: number,
): T | null {
  let best: T | null = null;
  for (const candidate of candidates) {
    if (candidate.startedAt === null || candidate.startedAt > time) continue;
    if (candidate.endedAt !== null && candidate.endedAt < time) continue;
    if (!best || candidate.startedAt > best.startedAt!) best = candidate;
  }
  return best;
}

/**
 * Works out what `events` do to the objects they are about. `stored` holds every object of
 * {@link keysToLoad} that exists, plus the processes on the same assets with the PIDs the
 * events name (those not terminated before the earliest event).
 *
 * @remarks
 * Processes are identified by GUID. An event whose GUID names no known process is given to
 * the process with its PID alive at its time ({@link aliveByPid}): Sysmon sometimes
 * reports one process under two GUIDs. A process is TERMINATED once any termination is
 * seen; its connections and handles are CLOSED with it. Files and registry values take the
 * state of their latest event by event time.
 */
export function planObjectStates(
  events: readonly StateEvent[],
  stored: readonly ObjectRecord[],
): ObjectPlan {
  const objects = new Map(stored.map((record) => [record.key, { ...record }]));
  const byPid = new Map<string, ObjectRecord[]>();
  const pidKey = (assetId: number, pid: number) => `${assetId}|${pid}`;
  const remember = (record: ObjectRecord) => {
    if (record.type !== 'PROCESS' || record.pid === null) return;
    const list = byPid.get(pidKey(record.assetId, record.pid)) ?? [];
    list.push(record);
    byPid.set(pidKey(record.assetId, record.pid), list);
  };
  for (const record of objects.values()) remember(record);

  const changed = new Set<string>();
  const merged: ObjectPlan['merged'] = [];
  const terminated: ObjectPlan['terminated'] = [];
  const keys: ObjectPlan['keys'] = events.map(() => ({ objectKey: null, processKey: null }));
  const order = events
    .map((_, index) => index)
    .sort((a, b) => compareEvents(events[a]!, events[b]!) || a - b);

  const resolve = (event: StateEvent): string | null => {
    const guidKey = event.processGuid ? processKeyOf(event.assetId, event.processGuid) : null;
    if (guidKey && objects.has(guidKey)) return guidKey;
    if (event.processPid !== null) {
      const alive = aliveByPid(
        byPid.get(pidKey(event.assetId, event.processPid)) ?? [],
        event.time,
      );
      if (alive) return alive.key;
    }
    if (guidKey) return guidKey;
    return event.processPid === null ? null : `process|${event.assetId}|pid ${event.processPid}`;
  };

  for (const index of order) {
    const event = events[index]!;
    if (event.type !== 'PROCESS') {
      keys[index]!.processKey = resolve(event);
      continue;
    }

    const key =
      event.action === 'STARTED'
        ? event.processGuid
          ? processKeyOf(event.assetId, event.processGuid)
          : event.processPid === null
            ? null
            : pidStartKey(event)
        : resolve(event);
    keys[index] = { objectKey: key, processKey: key };
    if (key === null) continue;

    let record = objects.get(key);
    if (!record) {
      record = newRecord(key, event);
      objects.set(key, record);
      remember(record);
      if (event.action === 'STARTED') {
        const orphan = findOrphan(
          byPid.get(pidKey(event.assetId, event.processPid ?? -1)) ?? [],
          record,
          event.time,
        );
        if (orphan) {
          absorb(record, orphan);
          objects.delete(orphan.key);
          changed.delete(orphan.key);
          byPid.set(
            pidKey(event.assetId, event.processPid!),
            byPid.get(pidKey(event.assetId, event.processPid!))!.filter((item) => item !== orphan),
          );
          merged.push({ from: orphan.key, into: key });
        }
      }
    }

    applyProcessEvent(record, event);
    if (event.action === 'TERMINATED')
      terminated.push({ processKey: key, endedAt: record.endedAt! });
    changed.add(key);
  }

  for (const index of order) {
    const event = events[index]!;
    if (event.type === 'PROCESS') continue;
    const key = objectKeyOf(event);
    keys[index]!.objectKey = key;
    if (key === null) continue;

    const processKey = keys[index]!.processKey;
    let record = objects.get(key);
    if (!record) {
      record = newRecord(key, event);
      objects.set(key, record);
    }
    applyObjectEvent(record, event, processKey);
    if (event.type === 'NETWORK' || event.type === 'MUTEX') {
      const owner = record.processKey ?? processKey;
      const process = owner ? objects.get(owner) : undefined;
      const endedAt = process?.state === 'TERMINATED' ? process.endedAt : null;
      record.state = endedAt === null ? 'OPEN' : 'CLOSED';
      record.endedAt = endedAt;
    }
    changed.add(key);
  }

  const renamed = new Map(merged.map(({ from, into }) => [from, into]));
  for (const entry of keys) {
    if (entry.objectKey && renamed.has(entry.objectKey))
      entry.objectKey = renamed.get(entry.objectKey)!;
    if (entry.processKey && renamed.has(entry.processKey))
      entry.processKey = renamed.get(entry.processKey)!;
  }
  for (const record of objects.values()) {
    if (record.processKey && renamed.has(record.processKey)) {
      record.processKey = renamed.get(record.processKey)!;
      changed.add(record.key);
    }
  }

  return {
    keys,
    changed: [...changed].map((key) => objects.get(key)!),
    merged: merged.filter(({ from }) => stored.some((record) => record.key === from)),
    terminated: terminated.map(({ processKey }) => ({
      processKey: renamed.get(processKey) ?? processKey,
      endedAt: objects.get(renamed.get(processKey) ?? processKey)!.endedAt!,
    })),
  };
}

/** The object types that close with their process: connections, pipes and mutexes. */
export const handleTypes: readonly EventType[] = ['NETWORK', 'MUTEX'];

/**
 * Every object a plan writes: `plan.changed`, and the open connections and handles of the
 * processes it terminated, closed at their process's end. `handles` are the stored objects
 * of {@link handleTypes} whose process is in `plan.terminated`; those the plan changed
 * itself are taken from the plan.
 */
export function withClosedHandles(
  plan: ObjectPlan,
  handles: readonly ObjectRecord[],
): ObjectRecord[] {
  if (plan.terminated.length === 0) return plan.changed;
  const endedAt = new Map(plan.terminated.map((entry) => [entry.processKey, entry.endedAt]));
  const close = (record: ObjectRecord): ObjectRecord | null => {
    const end = record.processKey === null ? undefined : endedAt.get(record.processKey);
    if (end === undefined || record.state !== 'OPEN' || !handleTypes.includes(record.type)) {
      return null;
    }
    return { ...record, state: 'CLOSED', endedAt: end };
  };

  const planned = new Set(plan.changed.map((record) => record.key));
  const records = plan.changed.map((record) => close(record) ?? record);
  for (const handle of handles) {
    if (planned.has(handle.key)) continue;
    const closed = close(handle);
    if (closed) records.push(closed);
  }
  return records;
}

// A process reported without a GUID is known by its PID and start time.
function pidStartKey(event: StateEvent): string {
  return `process|${event.assetId}|pid ${event.processPid}|${event.time}`;
}

const actionRank: Partial<Record<string, number>> = { STARTED: 0, TERMINATED: 2 };

// Event time first; at the same millisecond a start comes before what the process did,
// and a termination after it.
function compareEvents(a: StateEvent, b: StateEvent): number {
  return a.time - b.time || (actionRank[a.action] ?? 1) - (actionRank[b.action] ?? 1);
}

function newRecord(key: string, event: StateEvent): ObjectRecord {
  return {
    key,
    type: event.type,
    assetId: event.assetId,
    state: objectStates[event.type][0],
    guid: event.processGuid,
    pid: event.processPid,
    parentGuid: null,
    parentPid: null,
    name: null,
    processKey: null,
    startedAt: null,
    endedAt: null,
    firstEventId: event.id,
    lastEventId: event.id,
    lastTime: event.time,
  };
}

function applyProcessEvent(record: ObjectRecord, event: StateEvent) {
  touch(record, event);
  record.name = record.name ?? event.processName;
  record.pid = record.pid ?? event.processPid;
  record.guid = record.guid ?? event.processGuid;

  if (event.action === 'STARTED') {
    record.startedAt =
      record.startedAt === null ? event.time : Math.min(record.startedAt, event.time);
    record.firstEventId = event.id;
    record.name = event.processName ?? record.name;
    record.parentGuid = event.parentGuid;
    record.parentPid = event.parentPid;
  } else {
    record.endedAt = record.endedAt === null ? event.time : Math.min(record.endedAt, event.time);
  }
  record.state = record.endedAt === null ? 'RUNNING' : 'TERMINATED';
}

function applyObjectEvent(record: ObjectRecord, event: StateEvent, processKey: string | null) {
  if (record.startedAt === null || event.time < record.startedAt) {
    record.startedAt = event.time;
    record.firstEventId = event.id;
  }
  if (event.time < record.lastTime) return;

  touch(record, event);
  record.guid = event.processGuid;
  record.pid = event.processPid;
  record.processKey = processKey;
  record.name = objectName(event);
  const deleted =
    event.action === 'DELETED' ||
    event.action === 'KEY_DELETED' ||
    event.action === 'VALUE_DELETED';
  if (event.type === 'FILE' || event.type === 'REGISTRY') {
    record.state = deleted ? 'DELETED' : 'PRESENT';
    record.endedAt = deleted ? event.time : null;
  }
}

// The latest event by event time; at equal times the later arrival.
function touch(record: ObjectRecord, event: StateEvent) {
  if (event.time < record.lastTime) return;
  record.lastTime = event.time;
  record.lastEventId = event.id;
}

function objectName(event: StateEvent): string | null {
  switch (event.type) {
    case 'NETWORK':
      if (event.remoteIp === null) return event.remoteFqdn;
      return event.remoteIp.includes(':')
        ? `[${event.remoteIp}]:${event.remotePort ?? ''}`
        : `${event.remoteIp}:${event.remotePort ?? ''}`;
    case 'MUTEX':
      return event.handleName;
    case 'FILE':
      return event.filePath;
    case 'REGISTRY':
      return event.action === 'RENAMED' ? event.registryData : event.registryKey;
    case 'PROCESS':
      return event.processName;
  }
}

// A termination stored before its start (out-of-order arrival): a process with the same
// PID, no known start, terminated at or after this start, and no other process with that
// PID started in between.
function findOrphan(
  candidates: readonly ObjectRecord[],
  started: ObjectRecord,
  time: number,
): ObjectRecord | null {
  let best: ObjectRecord | null = null;
  for (const candidate of candidates) {
    if (candidate === started || candidate.startedAt !== null || candidate.endedAt === null)
      continue;
    if (candidate.endedAt < time) continue;
    if (!best || candidate.endedAt < best.endedAt!) best = candidate;
  }
  if (!best) return null;
  const startedBetween = candidates.some(
    (other) =>
      other !== started &&
      other.startedAt !== null &&
      other.startedAt > time &&
      other.startedAt <= best.endedAt!,
  );
  return startedBetween ? null : best;
}

function absorb(record: ObjectRecord, orphan: ObjectRecord) {
  record.endedAt = orphan.endedAt;
  record.lastTime = orphan.lastTime;
  record.lastEventId = orphan.lastEventId;
}
