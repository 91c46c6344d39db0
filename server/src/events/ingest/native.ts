import type { EventAction, EventType, NormalizedEvent } from '../event.js';
import { emptyEvent, eventActions, eventTypes } from '../event.js';
import type { RecordOutcome } from './record.js';
import { parseTime } from './time.js';
import { baseName, guid, integer, objectOf, text, verbatim } from './values.js';

/** A rejected field: its path in the record and what is wrong with it. */
class FieldProblem extends Error {
  constructor(path: string, problem: string) {
    super(`${path} ${problem}`);
  }
}

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
  const time = parseTime(record.dateTime);
  if (time === null) {
    throw new FieldProblem('dateTime', `is not a time: ${JSON.stringify(record.dateTime)}`);
  }

  const type = String(record.type).toUpperCase() as EventType;
  if (!eventTypes.includes(type)) {
    throw new FieldProblem(
      'type',
      `must be one of ${eventTypes.join(', ')}; got ${JSON.stringify(record.type)}`,
    );
  }
  const allowed: readonly string[] = eventActions[type];
  const action = text(record.action)?.toUpperCase() ?? '';
  if (!allowed.includes(action)) {
    throw new FieldProblem(
      'action',
      `of a ${type} event must be one of ${allowed.join(', ')}; got ${JSON.stringify(record.action ?? null)}`,
    );
  }

  const asset = objectOf(record.asset);
  const hostname = text(asset?.hostName);
  if (hostname === null) throw new FieldProblem('asset.hostName', 'is missing');

  const event = emptyEvent({
    time,
    type,
    action: action as EventAction,
    source: 'native',
    hostname,
    raw,
  });
  event.agentId = text(asset?.agentId);
  event.platform = text(asset?.platform);

  fillProcess(event, record);
  fillObject[type](event, record);
  fillIndicator(event, record.indicator2);
  return event;
}

// For a PROCESS event `process` is the process itself; for the other types the acting
// process is `actor` (or `process`, when an integration puts it there).
function fillProcess(event: NormalizedEvent, record: Record<string, unknown>) {
  const actor = objectOf(record.actor);
  const process = objectOf(record.process);
  const own = event.type === 'PROCESS' ? process : (actor ?? process);
  if (!own) return;
  const prefix = own === actor ? 'actor' : 'process';

  event.processPath = text(own.imageFullPath);
  event.processName = text(own.processName) ?? text(own.name) ?? baseName(event.processPath);
  event.processPid = whole(own.processId ?? own.pid, `${prefix}.pid`);
  event.processCommandLine = verbatim(own.arguments) ?? verbatim(own.commandLine);
  event.processUser = text(own.userName);
  event.processGuid = guid(own.guid);
  event.processIntegrity = text(own.integrityLevel);
  const hash = objectOf(own.hash);
  event.processMd5 = text(hash?.md5)?.toLowerCase() ?? null;
  event.processSha256 = text(hash?.sha256)?.toLowerCase() ?? null;

  if (event.type !== 'PROCESS') return;
  // The parent: `process.parent`, else Qualys' flat `parentPid`, else the actor that
  // started the process.
  const parent = objectOf(own.parent) ?? (event.action === 'STARTED' ? actor : null);
  event.parentPid = whole(own.parentPid ?? parent?.processId ?? parent?.pid, 'process.parentPid');
  event.parentGuid = guid(own.parentGuid) ?? guid(parent?.guid);
  event.parentPath = text(parent?.imageFullPath);
  event.parentName = text(parent?.processName) ?? text(parent?.name) ?? baseName(event.parentPath);
  event.parentCommandLine = verbatim(parent?.arguments) ?? verbatim(parent?.commandLine);
}

const fillObject: Record<
  EventType,
  (event: NormalizedEvent, record: Record<string, unknown>) => void
> = {
  PROCESS() {},

  NETWORK(event, record) {
    const network = objectOf(record.network);
    if (!network) return;
    const local = objectOf(objectOf(network.local)?.address);
    const remote = objectOf(objectOf(network.remote)?.address);
    event.protocol = text(network.protocol)?.toLowerCase() ?? null;
    const direction = text(network.direction)?.toUpperCase() ?? null;
    if (direction !== null && direction !== 'INBOUND' && direction !== 'OUTBOUND') {
      throw new FieldProblem(
        'network.direction',
        `must be INBOUND or OUTBOUND; got ${JSON.stringify(direction)}`,
      );
    }
    event.direction = direction;
    event.localIp = text(local?.ip);
    event.localPort = port(local?.port, 'network.local.address.port');
    event.remoteIp = text(remote?.ip);
    event.remotePort = port(remote?.port, 'network.remote.address.port');
    event.remoteFqdn = text(remote?.fqdn);
  },

  FILE(event, record) {
    const file = objectOf(record.file);
    if (!file) return;
    event.filePath = text(file.fullPath);
    event.fileName = text(file.name) ?? baseName(event.filePath);
    const hash = objectOf(file.hash);
    event.fileMd5 = text(hash?.md5)?.toLowerCase() ?? null;
    event.fileSha256 = text(hash?.sha256)?.toLowerCase() ?? null;
  },

  REGISTRY(event, record) {
    const registry = objectOf(record.registry);
    if (!registry) return;
    event.registryKey = text(registry.key);
    event.registryValueName = text(registry.valueName);
    event.registryData = verbatim(registry.data);
  },

  MUTEX(event, record) {
    const handle = objectOf(record.handle);
    if (!handle) return;
    event.handleName = text(handle.name);
    const kind = text(handle.kind)?.toUpperCase() ?? 'MUTEX';
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
    const indicator = objectOf(item);
    if (!indicator) throw new FieldProblem(`indicator2[${index}]`, 'must be an object');
    const score = integer(indicator.score);
    if (score === undefined || (score !== null && (score < 0 || score > 10))) {
      throw new FieldProblem(
        `indicator2[${index}].score`,
        `must be a whole number from 0 to 10; got ${JSON.stringify(indicator.score)}`,
      );
    }
    if (event.score !== null && (score === null || score <= event.score)) return;
    event.score = score;
    event.verdict = text(indicator.verdict);
    event.threatName = text(indicator.threatName);
  });
}

function whole(value: unknown, path: string): number | null {
  const parsed = integer(value);
  if (parsed === undefined || (parsed !== null && parsed < 0)) {
    throw new FieldProblem(path, `must be a whole number; got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function port(value: unknown, path: string): number | null {
  const parsed = whole(value, path);
  if (parsed !== null && parsed > 65535) {
    throw new FieldProblem(path, `must be a port from 0 to 65535; got ${JSON.stringify(value)}`);
  }
  return parsed;
}
