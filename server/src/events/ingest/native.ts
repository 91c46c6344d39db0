import type { EventAction, EventType, NormalizedEvent } from '../event.js';
import { emptyEvent, eventActions, eventTypes } from '../event.js';
import type { RecordOutcome } from './record.js';
import { checkTime } from './time.js';
import {
  baseName,
  FieldProblem,
  guid,
  integer,
  kindOf,
  objectAt,
  pid,
  port,
  text,
  verbatim,
} from './values.js';

/** The group each type's object is described by (see the table in docs/ingest.md). */
const requiredGroups: Record<EventType, string> = {
  PROCESS: 'process',
  NETWORK: 'network',
  FILE: 'file',
  REGISTRY: 'registry',
  MUTEX: 'handle',
};

/** How each documented field is read: a string, a pid, a port, registry data, or a group. */
type Kind = 'string' | 'pid' | 'port' | 'data' | { [name: string]: Kind };

const hashKinds: Kind = { md5: 'string', sha256: 'string' };

const processKinds = {
  processName: 'string',
  name: 'string',
  processId: 'pid',
  pid: 'pid',
  imageFullPath: 'string',
  arguments: 'string',
  commandLine: 'string',
  userName: 'string',
  guid: 'string',
  integrityLevel: 'string',
  hash: hashKinds,
} satisfies Kind;

const addressKinds: Kind = { address: { ip: 'string', port: 'port', fqdn: 'string' } };

const recordKinds: Kind = {
  type: 'string',
  action: 'string',
  eventSource: 'string',
  asset: { agentId: 'string', hostName: 'string', platform: 'string' },
  actor: processKinds,
  process: {
    ...processKinds,
    parentPid: 'pid',
    parentGuid: 'string',
    parent: processKinds,
  },
  network: {
    protocol: 'string',
    direction: 'string',
    local: addressKinds,
    remote: addressKinds,
  },
  file: { fullPath: 'string', name: 'string', hash: hashKinds },
  registry: { key: 'string', valueName: 'string', data: 'data' },
  handle: { name: 'string', kind: 'string' },
};

/** True for a record in the native shape: a `type` with a `dateTime` or an `asset`. */
export function isNativeRecord(record: Record<string, unknown>): boolean {
  return typeof record.type === 'string' && ('dateTime' in record || 'asset' in record);
}

/**
 * Reads one record of the native shape (see docs/ingest.md), modelled on Qualys endpoint
 * events: `dateTime`, `type`, `action`, `asset`, `actor`, `process`, `network`, `file`,
 * `registry`, `handle` and `indicator2`.
 */
export function readNativeRecord(record: Record<string, unknown>, raw: string): RecordOutcome {
  try {
    return { kind: 'event', event: toEvent(record, raw) };
  } catch (error) {
    if (error instanceof FieldProblem) return { kind: 'rejected', reason: error.message };
    throw error;
  }
}

function toEvent(record: Record<string, unknown>, raw: string): NormalizedEvent {
  if (record.dateTime === undefined || record.dateTime === null || record.dateTime === '') {
    throw new FieldProblem('dateTime', 'is missing');
  }
  const time = checkTime(record.dateTime);
  if (typeof time === 'string') throw new FieldProblem('dateTime', time);

  const type = String(record.type).toUpperCase() as EventType;
  if (!eventTypes.includes(type)) {
    throw new FieldProblem(
      'type',
      `must be one of ${eventTypes.join(', ')}; got ${JSON.stringify(record.type)}`,
    );
  }
  const allowed: readonly string[] = eventActions[type];
  const action = text(record.action, 'action')?.toUpperCase() ?? '';
  if (!allowed.includes(action)) {
    throw new FieldProblem(
      'action',
      `of a ${type} event must be one of ${allowed.join(', ')}; ` +
        `got ${JSON.stringify(record.action ?? null)}`,
    );
  }

  const asset = objectAt(record.asset, 'asset');
  const hostname = text(asset?.hostName, 'asset.hostName');
  if (hostname === null) throw new FieldProblem('asset.hostName', 'is missing');

  const event = emptyEvent({
    time,
    type,
    action: action as EventAction,
    source: 'native',
    hostname,
    raw,
  });
  event.agentId = text(asset?.agentId, 'asset.agentId');
  event.platform = text(asset?.platform, 'asset.platform');

  requireGroup(record, requiredGroups[type], type);
  if (type !== 'PROCESS' && !hasGroup(record, 'actor') && !hasGroup(record, 'process')) {
    throw new FieldProblem('actor', `is missing: a ${type} event needs the process that acted`);
  }

  fillProcess(event, record);
  fillObject[type](event, record);
  fillIndicator(event, record.indicator2);
  // Fields this type does not read are kept in `raw`; their kinds are checked all the same.
  checkKinds(record, recordKinds, '');
  return event;
}

// For a PROCESS event `process` is the process itself; for the other types the acting
// process is `actor` (or `process`, when an integration puts it there).
function fillProcess(event: NormalizedEvent, record: Record<string, unknown>) {
  const actor = objectAt(record.actor, 'actor');
  const process = objectAt(record.process, 'process');
  const own = event.type === 'PROCESS' ? process : (actor ?? process);
  if (!own) return;
  const prefix = own === actor ? 'actor' : 'process';
  const at = (name: string) => `${prefix}.${name}`;

  event.processPath = text(own.imageFullPath, at('imageFullPath'));
  event.processName =
    text(own.processName, at('processName')) ??
    text(own.name, at('name')) ??
    baseName(event.processPath);
  event.processPid = pid(...firstOf(own, prefix, 'processId', 'pid'));
  event.processCommandLine =
    verbatim(own.arguments, at('arguments')) ?? verbatim(own.commandLine, at('commandLine'));
  event.processUser = text(own.userName, at('userName'));
  event.processGuid = guid(own.guid, at('guid'));
  event.processIntegrity = text(own.integrityLevel, at('integrityLevel'));
  const hash = objectAt(own.hash, at('hash'));
  event.processMd5 = text(hash?.md5, at('hash.md5'))?.toLowerCase() ?? null;
  event.processSha256 = text(hash?.sha256, at('hash.sha256'))?.toLowerCase() ?? null;

  if (event.type !== 'PROCESS') return;
  // The parent: `process.parent`, else Qualys' flat `parentPid`, else the actor that
  // started the process.
  const ownParent = objectAt(own.parent, at('parent'));
  const parent = ownParent ?? (event.action === 'STARTED' ? actor : null);
  const parentPrefix = ownParent ? at('parent') : 'actor';
  const parentAt = (name: string) => `${parentPrefix}.${name}`;
  event.parentPid =
    pid(own.parentPid, at('parentPid')) ??
    pid(...firstOf(parent, parentPrefix, 'processId', 'pid'));
  event.parentGuid = guid(own.parentGuid, at('parentGuid')) ?? guid(parent?.guid, parentAt('guid'));
  event.parentPath = text(parent?.imageFullPath, parentAt('imageFullPath'));
  event.parentName =
    text(parent?.processName, parentAt('processName')) ??
    text(parent?.name, parentAt('name')) ??
    baseName(event.parentPath);
  event.parentCommandLine =
    verbatim(parent?.arguments, parentAt('arguments')) ??
    verbatim(parent?.commandLine, parentAt('commandLine'));
}

const fillObject: Record<
  EventType,
  (event: NormalizedEvent, record: Record<string, unknown>) => void
> = {
  PROCESS() {},

  NETWORK(event, record) {
    const network = objectAt(record.network, 'network');
    if (!network) return;
    const sides = {
      local: objectAt(network.local, 'network.local'),
      remote: objectAt(network.remote, 'network.remote'),
    };
    const local = objectAt(sides.local?.address, 'network.local.address');
    const remote = objectAt(sides.remote?.address, 'network.remote.address');
    event.protocol = text(network.protocol, 'network.protocol')?.toLowerCase() ?? null;
    const direction = text(network.direction, 'network.direction')?.toUpperCase() ?? null;
    if (direction !== null && direction !== 'INBOUND' && direction !== 'OUTBOUND') {
      throw new FieldProblem(
        'network.direction',
        `must be INBOUND or OUTBOUND; got ${JSON.stringify(direction)}`,
      );
    }
    event.direction = direction;
    event.localIp = text(local?.ip, 'network.local.address.ip');
    event.localPort = port(local?.port, 'network.local.address.port');
    event.remoteIp = text(remote?.ip, 'network.remote.address.ip');
    event.remotePort = port(remote?.port, 'network.remote.address.port');
    event.remoteFqdn = text(remote?.fqdn, 'network.remote.address.fqdn');
  },

  FILE(event, record) {
    const file = objectAt(record.file, 'file');
    if (!file) return;
    event.filePath = text(file.fullPath, 'file.fullPath');
    event.fileName = text(file.name, 'file.name') ?? baseName(event.filePath);
    const hash = objectAt(file.hash, 'file.hash');
    event.fileMd5 = text(hash?.md5, 'file.hash.md5')?.toLowerCase() ?? null;
    event.fileSha256 = text(hash?.sha256, 'file.hash.sha256')?.toLowerCase() ?? null;
  },

  REGISTRY(event, record) {
    const registry = objectAt(record.registry, 'registry');
    if (!registry) return;
    event.registryKey = text(registry.key, 'registry.key');
    event.registryValueName = text(registry.valueName, 'registry.valueName');
    // A DWORD or QWORD value may come as a number.
    event.registryData =
      typeof registry.data === 'number'
        ? String(registry.data)
        : verbatim(registry.data, 'registry.data');
  },

  MUTEX(event, record) {
    const handle = objectAt(record.handle, 'handle');
    if (!handle) return;
    event.handleName = text(handle.name, 'handle.name');
    const kind = text(handle.kind, 'handle.kind')?.toUpperCase() ?? 'MUTEX';
    if (kind !== 'MUTEX' && kind !== 'PIPE') {
      throw new FieldProblem(
        'handle.kind',
        `must be MUTEX or PIPE; got ${JSON.stringify(handle.kind)}`,
      );
    }
    event.handleKind = kind;
  },
};

// Several indicators may come with one event: the event carries the highest score, with
// that indicator's verdict and threat name.
function fillIndicator(event: NormalizedEvent, value: unknown) {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) throw new FieldProblem('indicator2', 'must be an array');

  value.forEach((item, index) => {
    const path = `indicator2[${index}]`;
    const indicator = objectAt(item, path);
    if (!indicator) throw new FieldProblem(path, 'must be an object');
    const score = integer(indicator.score);
    if (score === undefined || (score !== null && (score < 0 || score > 10))) {
      throw new FieldProblem(
        `${path}.score`,
        `must be a whole number from 0 to 10; got ${kindOf(indicator.score)}`,
      );
    }
    const verdict = text(indicator.verdict, `${path}.verdict`);
    const threatName = text(indicator.threatName, `${path}.threatName`);
    if (event.score !== null && (score === null || score <= event.score)) return;
    event.score = score;
    event.verdict = verdict;
    event.threatName = threatName;
  });
}

// A group counts as given when it is an object with at least one field; `{}` gives nothing.
function hasGroup(record: Record<string, unknown>, group: string): boolean {
  const value = objectAt(record[group], group);
  return value !== null && Object.keys(value).length > 0;
}

function requireGroup(record: Record<string, unknown>, group: string, type: EventType) {
  if (hasGroup(record, group)) return;
  throw new FieldProblem(group, `is missing: a ${type} event needs one`);
}

function checkKinds(value: Record<string, unknown>, kinds: Kind, prefix: string) {
  for (const [name, kind] of Object.entries(kinds)) {
    const path = `${prefix}${name}`;
    const field = value[name];
    if (kind === 'string') text(field, path);
    else if (kind === 'pid') pid(field, path);
    else if (kind === 'port') port(field, path);
    else if (kind === 'data') {
      if (typeof field !== 'number') verbatim(field, path);
    } else {
      const group = objectAt(field, path);
      if (group) checkKinds(group, kind, `${path}.`);
    }
  }
}

// The first of `names` that `object` holds, with its path: `process.pid` for a `pid`.
function firstOf(
  object: Record<string, unknown> | null,
  prefix: string,
  ...names: [string, ...string[]]
): [unknown, string] {
  const name = names.find((key) => object?.[key] !== undefined && object[key] !== null);
  return [name === undefined ? null : object![name], `${prefix}.${name ?? names[0]}`];
}
