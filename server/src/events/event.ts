/** The kinds of object an event can be about. */
export const eventTypes = ['PROCESS', 'FILE', 'NETWORK', 'MUTEX', 'REGISTRY'] as const;
export type EventType = (typeof eventTypes)[number];

/** What happened to the object, per event type. */
export const eventActions = {
  PROCESS: ['STARTED', 'TERMINATED'],
  FILE: ['CREATED', 'MODIFIED', 'DELETED'],
  NETWORK: ['CONNECTED', 'DNS_QUERY'],
  MUTEX: ['CREATED', 'CONNECTED'],
  REGISTRY: ['KEY_CREATED', 'KEY_DELETED', 'VALUE_SET', 'VALUE_DELETED', 'RENAMED'],
} as const satisfies Record<EventType, readonly string[]>;

export type EventAction = (typeof eventActions)[EventType][number];

/** The formats ingest recognises. */
export type EventSource = 'sysmon' | 'native';

/**
 * One event in the product's model, as ingest produces it: every format is normalised to
 * this flat shape. Absent values are null. Times are milliseconds since the epoch, UTC.
 * GUIDs are lower case without braces.
 */
export interface NormalizedEvent {
  time: number;
  type: EventType;
  action: EventAction;
  source: EventSource;
  /** The source's own event kind (the Sysmon event ID), when it has one. */
  sourceEventId: number | null;

  hostname: string;
  agentId: string | null;
  platform: string | null;

  processName: string | null;
  processPath: string | null;
  processPid: number | null;
  processCommandLine: string | null;
  processUser: string | null;
  processGuid: string | null;
  processIntegrity: string | null;
  processMd5: string | null;
  processSha256: string | null;

  parentName: string | null;
  parentPath: string | null;
  parentPid: number | null;
  parentCommandLine: string | null;
  parentGuid: string | null;

  localIp: string | null;
  localPort: number | null;
  remoteIp: string | null;
  remotePort: number | null;
  remoteFqdn: string | null;
  protocol: string | null;
  direction: 'INBOUND' | 'OUTBOUND' | null;

  filePath: string | null;
  fileName: string | null;
  fileMd5: string | null;
  fileSha256: string | null;

  registryKey: string | null;
  registryValueName: string | null;
  registryData: string | null;

  handleName: string | null;
  handleKind: 'MUTEX' | 'PIPE' | null;

  score: number | null;
  verdict: string | null;
  threatName: string | null;

  /** The record as it arrived, as JSON text. */
  raw: string;
}

/** An event as stored: its sequence number, asset and arrival time added. */
export interface StoredEvent extends NormalizedEvent {
  /** The ingest sequence number: events are committed and evaluated in this order. */
  id: number;
  receivedAt: number;
  assetId: number;
  /** The object the event is about (see `objectKeyOf`), or null for point events. */
  objectKey: string | null;
}

/** A NormalizedEvent with every optional field null, for factories and parsers. */
export function emptyEvent(
  base: Pick<NormalizedEvent, 'time' | 'type' | 'action' | 'source' | 'hostname' | 'raw'>,
): NormalizedEvent {
  return {
    sourceEventId: null,
    agentId: null,
    platform: null,
    processName: null,
    processPath: null,
    processPid: null,
    processCommandLine: null,
    processUser: null,
    processGuid: null,
    processIntegrity: null,
    processMd5: null,
    processSha256: null,
    parentName: null,
    parentPath: null,
    parentPid: null,
    parentCommandLine: null,
    parentGuid: null,
    localIp: null,
    localPort: null,
    remoteIp: null,
    remotePort: null,
    remoteFqdn: null,
    protocol: null,
    direction: null,
    filePath: null,
    fileName: null,
    fileMd5: null,
    fileSha256: null,
    registryKey: null,
    registryValueName: null,
    registryData: null,
    handleName: null,
    handleKind: null,
    score: null,
    verdict: null,
    threatName: null,
    ...base,
  };
}
