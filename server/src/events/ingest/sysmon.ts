import type { EventAction, EventType, NormalizedEvent } from '../event.js';
import { emptyEvent } from '../event.js';
import type { RecordOutcome } from './record.js';
import { checkTime } from './time.js';
import {
  baseName,
  FieldProblem,
  guid,
  integer,
  objectAt,
  objectOf,
  pid,
  port,
  sysmonHashes,
  text,
  verbatim,
} from './values.js';

/** The channel Sysmon writes to. */
export const sysmonChannel = 'Microsoft-Windows-Sysmon/Operational';

interface SysmonKind {
  /** What Sysmon calls the event. */
  title: string;
  /** The type and action it becomes; absent when the event is skipped. */
  becomes?: { type: EventType; action: EventAction };
  /** Why it is not stored. */
  skip?: string;
}

const noObject = (objects: string) => `the event model has no ${objects}`;

/** Every Sysmon event ID (Sysmon 15), what it becomes, or why it is skipped. */
export const sysmonKinds: Readonly<Record<number, SysmonKind>> = {
  1: { title: 'process created', becomes: { type: 'PROCESS', action: 'STARTED' } },
  2: { title: 'file creation time changed', becomes: { type: 'FILE', action: 'MODIFIED' } },
  3: { title: 'network connection', becomes: { type: 'NETWORK', action: 'CONNECTED' } },
  4: { title: 'Sysmon service state changed', skip: 'it is about Sysmon itself' },
  5: { title: 'process terminated', becomes: { type: 'PROCESS', action: 'TERMINATED' } },
  6: { title: 'driver loaded', skip: noObject('driver objects') },
  7: { title: 'image loaded', skip: noObject('module objects') },
  8: { title: 'remote thread created', skip: noObject('thread objects') },
  9: { title: 'raw disk read', skip: noObject('volume objects') },
  10: { title: 'process accessed', skip: noObject('process-access events') },
  11: { title: 'file created', becomes: { type: 'FILE', action: 'CREATED' } },
  // The action comes from EventType: CreateKey, DeleteKey, CreateValue or DeleteValue.
  12: {
    title: 'registry object created or deleted',
    becomes: { type: 'REGISTRY', action: 'KEY_CREATED' },
  },
  13: { title: 'registry value set', becomes: { type: 'REGISTRY', action: 'VALUE_SET' } },
  14: { title: 'registry object renamed', becomes: { type: 'REGISTRY', action: 'RENAMED' } },
  15: { title: 'file stream created', becomes: { type: 'FILE', action: 'CREATED' } },
  16: { title: 'Sysmon configuration changed', skip: 'it is about Sysmon itself' },
  17: { title: 'pipe created', becomes: { type: 'MUTEX', action: 'CREATED' } },
  18: { title: 'pipe connected', becomes: { type: 'MUTEX', action: 'CONNECTED' } },
  19: { title: 'WMI filter registered', skip: noObject('WMI objects') },
  20: { title: 'WMI consumer registered', skip: noObject('WMI objects') },
  21: { title: 'WMI consumer bound to a filter', skip: noObject('WMI objects') },
  22: { title: 'DNS query', becomes: { type: 'NETWORK', action: 'DNS_QUERY' } },
  23: { title: 'file deleted and archived', becomes: { type: 'FILE', action: 'DELETED' } },
  24: { title: 'clipboard changed', skip: noObject('clipboard objects') },
  25: { title: 'process image tampered', skip: noObject('tampering events') },
  26: { title: 'file deleted', becomes: { type: 'FILE', action: 'DELETED' } },
  27: { title: 'executable blocked', skip: 'nothing was written' },
  28: { title: 'file shredding blocked', skip: 'nothing was deleted' },
  29: { title: 'executable file detected', becomes: { type: 'FILE', action: 'CREATED' } },
  255: { title: 'Sysmon error', skip: 'it is about Sysmon itself' },
};

/** Security events whose activity Sysmon reports with its own, richer event. */
const coveredSecurityEvents: Readonly<Record<number, [title: string, sysmonId: number]>> = {
  4688: ['process created', 1],
  4689: ['process exited', 5],
  5156: ['connection allowed', 3],
};

const registryActions: Readonly<Record<string, EventAction>> = {
  createkey: 'KEY_CREATED',
  deletekey: 'KEY_DELETED',
  createvalue: 'VALUE_SET',
  deletevalue: 'VALUE_DELETED',
};

/** True for a record from the Windows event log (flat Winlogbeat or nxlog, or nested). */
export function isWindowsRecord(record: Record<string, unknown>): boolean {
  if (objectOf(record.winlog)) return true;
  return 'EventID' in record && ('Channel' in record || 'SourceName' in record);
}

/**
 * Reads one Windows event log record as shipped by Winlogbeat (flat through Logstash, or
 * nested under `winlog`) or by nxlog. Sysmon events become events; Security, System and
 * other channels are skipped with a reason.
 */
export function readWindowsRecord(input: Record<string, unknown>, raw: string): RecordOutcome {
  try {
    return toOutcome(flatten(input), raw);
  } catch (error) {
    if (error instanceof FieldProblem) return { kind: 'rejected', reason: error.message };
    throw error;
  }
}

/** A record's fields by their Sysmon names, read and named as the record itself has them. */
interface Fields {
  value(name: string): unknown;
  /** Where the record holds the field: `winlog.event_data.Image` for a nested `Image`. */
  path(name: string): string;
  text(name: string): string | null;
  verbatim(name: string): string | null;
  pid(name: string): number | null;
  port(name: string): number | null;
  guid(name: string): string | null;
}

function toOutcome(record: Fields, raw: string): RecordOutcome {
  const eventId = integer(record.value('EventID'));
  const channel = record.text('Channel') ?? '';
  if (eventId === null || eventId === undefined) {
    const given = JSON.stringify(record.value('EventID'));
    return { kind: 'rejected', reason: `${record.path('EventID')} is not a number: ${given}` };
  }

  const isSysmon =
    channel === sysmonChannel ||
    (channel === '' && record.value('SourceName') === 'Microsoft-Windows-Sysmon');
  if (!isSysmon) return { kind: 'skipped', reason: otherChannelReason(channel, eventId) };

  const kind = sysmonKinds[eventId];
  if (!kind) return { kind: 'skipped', reason: `Sysmon event ${eventId} is unknown` };
  if (!kind.becomes) {
    return {
      kind: 'skipped',
      reason: `Sysmon event ${eventId} (${kind.title}) is not stored: ${kind.skip}`,
    };
  }

  const time = eventTime(record);
  if (typeof time === 'string') return { kind: 'rejected', reason: time };
  const hostname = record.text('Hostname') ?? record.text('Computer');
  if (hostname === null) {
    return { kind: 'rejected', reason: `${record.path('Hostname')} is missing` };
  }

  let { action } = kind.becomes;
  if (eventId === 12) {
    const eventType = record.text('EventType');
    const mapped = eventType ? registryActions[eventType.toLowerCase()] : undefined;
    if (!mapped) {
      return {
        kind: 'rejected',
        reason: `Sysmon event 12 has an unknown EventType: ${JSON.stringify(eventType)}`,
      };
    }
    action = mapped;
  }

  const event = emptyEvent({
    time,
    type: kind.becomes.type,
    action,
    source: 'sysmon',
    hostname,
    raw,
  });
  event.sourceEventId = eventId;
  event.platform = 'Windows';

  event.processPid = record.pid('ProcessId');
  event.processPath = record.text('Image');
  event.processName = baseName(event.processPath);
  event.processGuid = record.guid('ProcessGuid');
  event.processUser = record.text('User');

  fill[kind.becomes.type](event, record);
  return { kind: 'event', event };
}

const fill: Record<EventType, (event: NormalizedEvent, field: Fields) => void> = {
  PROCESS(event, field) {
    if (event.action !== 'STARTED') return;
    event.processCommandLine = field.verbatim('CommandLine');
    event.processIntegrity = field.text('IntegrityLevel');
    const hashes = sysmonHashes(field.text('Hashes'));
    event.processMd5 = hashes.md5;
    event.processSha256 = hashes.sha256;
    event.parentPath = field.text('ParentImage');
    event.parentName = baseName(event.parentPath);
    event.parentPid = field.pid('ParentProcessId');
    event.parentCommandLine = field.verbatim('ParentCommandLine');
    event.parentGuid = field.guid('ParentProcessGuid');
  },

  NETWORK(event, field) {
    if (event.action === 'DNS_QUERY') {
      event.remoteFqdn = field.text('QueryName');
      return;
    }
    // Sysmon names the side that opened the connection "source": for an inbound connection
    // the source is the peer and the destination is this host.
    const outbound = String(field.value('Initiated')).toLowerCase() !== 'false';
    const [local, remote] = outbound ? ['Source', 'Destination'] : ['Destination', 'Source'];
    event.direction = outbound ? 'OUTBOUND' : 'INBOUND';
    event.protocol = field.text('Protocol')?.toLowerCase() ?? null;
    event.localIp = field.text(`${local}Ip`);
    event.localPort = field.port(`${local}Port`);
    event.remoteIp = field.text(`${remote}Ip`);
    event.remotePort = field.port(`${remote}Port`);
    event.remoteFqdn = field.text(`${remote}Hostname`);
  },

  FILE(event, field) {
    event.filePath = field.text('TargetFilename');
    event.fileName = baseName(event.filePath);
    const hashes = sysmonHashes(field.text('Hashes') ?? field.text('Hash'));
    event.fileMd5 = hashes.md5;
    event.fileSha256 = hashes.sha256;
  },

  REGISTRY(event, field) {
    const target = field.text('TargetObject');
    event.registryKey = target;
    if (event.action === 'VALUE_SET' || event.action === 'VALUE_DELETED') {
      event.registryValueName = baseName(target);
    }
    event.registryData =
      event.action === 'RENAMED' ? field.text('NewName') : field.verbatim('Details');
  },

  MUTEX(event, field) {
    event.handleName = field.text('PipeName');
    event.handleKind = 'PIPE';
  },
};

function otherChannelReason(channel: string, eventId: number): string {
  const name = channel || 'Unnamed channel';
  const covered = channel === 'Security' ? coveredSecurityEvents[eventId] : undefined;
  if (covered) {
    return `Security event ${eventId} (${covered[0]}) is not stored: Sysmon event ${covered[1]} reports the same activity`;
  }
  return `${name} event ${eventId} is not stored: only Sysmon events are`;
}

// UtcTime is the moment Sysmon saw the activity, in UTC. The shipper's @timestamp and the
// log's TimeCreated can be hours away from it in real captures, so they are fallbacks.
function eventTime(record: Fields): number | string {
  for (const name of ['UtcTime', '@timestamp', 'TimeCreated']) {
    const value = record.value(name);
    if (value === undefined || value === null || value === '') continue;
    const time = checkTime(value);
    return typeof time === 'string' ? `${record.path(name)} ${time}` : time;
  }
  return 'no event time: UtcTime, @timestamp and TimeCreated are missing';
}

// Winlogbeat 7+ nests the record: the channel and ID under `winlog`, the Sysmon fields
// under `winlog.event_data`. Its `winlog.process.pid` is the logging service, not the event.
// nxlog's own `ProcessID` is the pid of the service that read the log, not the event's
// `ProcessId`, and its `EventType` is `INFO`: the event's values are only in `Message`.
function flatten(record: Record<string, unknown>): Fields {
  const winlog = objectOf(record.winlog);
  if (winlog) {
    const data = objectAt(winlog.event_data, 'winlog.event_data') ?? {};
    const host = objectOf(record.host);
    // The first host name given, with where it was found.
    const hostNames: Array<[string, unknown]> = [
      ['winlog.computer_name', winlog.computer_name],
      ['host.hostname', host?.hostname],
      ['host.name', host?.name],
    ];
    const [hostPath, hostname] = hostNames.find(
      ([, value]) => value !== undefined && value !== null,
    ) ?? ['winlog.computer_name', null];
    const paths: Record<string, string> = {
      EventID: 'winlog.event_id',
      Channel: 'winlog.channel',
      SourceName: 'winlog.provider_name',
      Hostname: hostPath,
      '@timestamp': '@timestamp',
    };
    const values: Record<string, unknown> = {
      ...data,
      EventID: winlog.event_id,
      Channel: winlog.channel,
      SourceName: winlog.provider_name,
      Hostname: hostname,
      '@timestamp': record['@timestamp'],
    };
    return createFields(values, (name) => paths[name] ?? `winlog.event_data.${name}`);
  }

  if (!isNxlog(record)) return createFields(record, (name) => name);
  const fromMessage = ['ProcessId', 'EventType'];
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) values[name] = unescapeXml(value);
  for (const name of fromMessage) values[name] = messageField(record, name);
  return createFields(values, (name) => (fromMessage.includes(name) ? `${name} in Message` : name));
}

function createFields(values: Record<string, unknown>, path: (name: string) => string): Fields {
  return {
    value: (name) => values[name],
    path,
    text: (name) => text(values[name], path(name)),
    verbatim: (name) => verbatim(values[name], path(name)),
    pid: (name) => pid(values[name], path(name)),
    port: (name) => port(values[name], path(name)),
    guid: (name) => guid(values[name], path(name)),
  };
}

function isNxlog(record: Record<string, unknown>): boolean {
  return 'EventReceivedTime' in record || 'SourceModuleType' in record;
}

// nxlog renders the event as text in `Message` ("Name: value" lines); fields whose names
// clash with nxlog's own (ProcessId, EventType) survive only there.
function messageField(record: Record<string, unknown>, name: string): string | null {
  if (typeof record.Message !== 'string') return null;
  const match = new RegExp(`(?:^|\\n)${name}: ([^\\r\\n]*)`).exec(record.Message);
  return match ? match[1]! : null;
}

const xmlEntities: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&apos;': "'",
  '&amp;': '&',
};

// nxlog copies event fields out of the event's XML without decoding entities.
function unescapeXml(value: unknown): unknown {
  return typeof value === 'string' && value.includes('&')
    ? value.replace(/&(?:lt|gt|quot|apos|amp);/g, (entity) => xmlEntities[entity]!)
    : value;
}
