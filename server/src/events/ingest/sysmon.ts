import type { EventAction, EventType, NormalizedEvent } from '../event.js';
import { emptyEvent } from '../event.js';
import type { RecordOutcome } from './record.js';
import { checkTime } from './time.js';
import {
  baseName,
  FieldProblem,
  guid,
  integer,
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

function toOutcome(record: Record<string, unknown>, raw: string): RecordOutcome {
  const eventId = integer(record.EventID);
  const channel = text(record.Channel, 'Channel') ?? '';
  if (eventId === null || eventId === undefined) {
    return {
      kind: 'rejected',
      reason: `EventID is not a number: ${JSON.stringify(record.EventID)}`,
    };
  }

  const isSysmon =
    channel === sysmonChannel ||
    (channel === '' && record.SourceName === 'Microsoft-Windows-Sysmon');
  if (!isSysmon) return { kind: 'skipped', reason: otherChannelReason(channel, eventId) };

  const kind = sysmonKinds[eventId];
  if (!kind) return { kind: 'skipped', reason: `Sysmon event ${eventId} is unknown` };
  if (!kind.becomes) {
    return {
      kind: 'skipped',
      reason: `Sysmon event ${eventId} (${kind.title}) is not stored: ${kind.skip}`,
    };
  }

  const nx = isNxlog(record);
  const field = (name: string) => (nx ? unescapeXml(record[name]) : record[name]);

  const time = eventTime(record);
  if (typeof time === 'string') return { kind: 'rejected', reason: time };
  const hostname = text(record.Hostname, 'Hostname') ?? text(record.Computer, 'Computer');
  if (hostname === null) return { kind: 'rejected', reason: 'Hostname is missing' };

  let { action } = kind.becomes;
  if (eventId === 12) {
    const eventType = text(nx ? messageField(record, 'EventType') : record.EventType, 'EventType');
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

  // nxlog's own `ProcessID` is the pid of the service that read the log, not the event's
  // `ProcessId`; nxlog keeps the event's value only in the rendered message.
  event.processPid = pid(nx ? messageField(record, 'ProcessId') : record.ProcessId, 'ProcessId');
  event.processPath = text(field('Image'), 'Image');
  event.processName = baseName(event.processPath);
  event.processGuid = guid(record.ProcessGuid, 'ProcessGuid');
  event.processUser = text(field('User'), 'User');

  fill[kind.becomes.type](event, field, record);
  return { kind: 'event', event };
}

type FieldReader = (name: string) => unknown;

const fill: Record<
  EventType,
  (event: NormalizedEvent, field: FieldReader, record: Record<string, unknown>) => void
> = {
  PROCESS(event, field) {
    if (event.action !== 'STARTED') return;
    event.processCommandLine = verbatim(field('CommandLine'), 'CommandLine');
    event.processIntegrity = text(field('IntegrityLevel'), 'IntegrityLevel');
    const hashes = sysmonHashes(text(field('Hashes'), 'Hashes'));
    event.processMd5 = hashes.md5;
    event.processSha256 = hashes.sha256;
    event.parentPath = text(field('ParentImage'), 'ParentImage');
    event.parentName = baseName(event.parentPath);
    event.parentPid = pid(field('ParentProcessId'), 'ParentProcessId');
    event.parentCommandLine = verbatim(field('ParentCommandLine'), 'ParentCommandLine');
    event.parentGuid = guid(field('ParentProcessGuid'), 'ParentProcessGuid');
  },

  NETWORK(event, field) {
    if (event.action === 'DNS_QUERY') {
      event.remoteFqdn = text(field('QueryName'), 'QueryName');
      return;
    }
    // Sysmon names the side that opened the connection "source": for an inbound connection
    // the source is the peer and the destination is this host.
    const outbound = String(field('Initiated')).toLowerCase() !== 'false';
    const [local, remote] = outbound ? ['Source', 'Destination'] : ['Destination', 'Source'];
    event.direction = outbound ? 'OUTBOUND' : 'INBOUND';
    event.protocol = text(field('Protocol'), 'Protocol')?.toLowerCase() ?? null;
    event.localIp = text(field(`${local}Ip`), `${local}Ip`);
    event.localPort = port(field(`${local}Port`), `${local}Port`);
    event.remoteIp = text(field(`${remote}Ip`), `${remote}Ip`);
    event.remotePort = port(field(`${remote}Port`), `${remote}Port`);
    event.remoteFqdn = text(field(`${remote}Hostname`), `${remote}Hostname`);
  },

  FILE(event, field) {
    event.filePath = text(field('TargetFilename'), 'TargetFilename');
    event.fileName = baseName(event.filePath);
    const hashes = sysmonHashes(text(field('Hashes'), 'Hashes') ?? text(field('Hash'), 'Hash'));
    event.fileMd5 = hashes.md5;
    event.fileSha256 = hashes.sha256;
  },

  REGISTRY(event, field) {
    const target = text(field('TargetObject'), 'TargetObject');
    event.registryKey = target;
    if (event.action === 'VALUE_SET' || event.action === 'VALUE_DELETED') {
      event.registryValueName = baseName(target);
    }
    event.registryData =
      event.action === 'RENAMED'
        ? text(field('NewName'), 'NewName')
        : verbatim(field('Details'), 'Details');
  },

  MUTEX(event, field) {
    event.handleName = text(field('PipeName'), 'PipeName');
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
function eventTime(record: Record<string, unknown>): number | string {
  for (const name of ['UtcTime', '@timestamp', 'TimeCreated']) {
    const value = record[name];
    if (value === undefined || value === null || value === '') continue;
    const time = checkTime(value);
    return typeof time === 'string' ? `${name} ${time}` : time;
  }
  return 'no event time: UtcTime, @timestamp and TimeCreated are missing';
}

// Winlogbeat 7+ nests the record: the channel and ID under `winlog`, the Sysmon fields
// under `winlog.event_data`. Its `winlog.process.pid` is the logging service, not the event.
function flatten(record: Record<string, unknown>): Record<string, unknown> {
  const winlog = objectOf(record.winlog);
  if (!winlog) return record;
  const host = objectOf(record.host);
  return {
    ...(objectOf(winlog.event_data) ?? {}),
    EventID: winlog.event_id,
    Channel: winlog.channel,
    SourceName: winlog.provider_name,
    Hostname: winlog.computer_name ?? host?.hostname ?? host?.name,
    '@timestamp': record['@timestamp'],
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
