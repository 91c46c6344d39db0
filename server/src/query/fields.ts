import type { EventType, StoredEvent } from '../events/event.js';
import { eventActions, eventTypes } from '../events/event.js';
import {
  createCatalogue,
  type Catalogue,
  type CatalogueField,
  type FieldValue,
} from './catalogue.js';

export type { FieldType } from './catalogue.js';

/** An event field: a catalogue field read straight from a StoredEvent property. */
export interface FieldDef extends CatalogueField<StoredEvent> {
  /** Where the value sits on a stored event. */
  property: keyof StoredEvent;
  /** The events table column. */
  column: string;
  /** The event types that carry the field; empty for every type. */
  eventTypes: readonly EventType[];
}

const all: readonly EventType[] = [];
const acting: readonly EventType[] = ['PROCESS', 'FILE', 'NETWORK', 'MUTEX', 'REGISTRY'];
const processOnly: readonly EventType[] = ['PROCESS'];

function field(
  name: string,
  type: FieldDef['type'],
  property: keyof StoredEvent,
  column: string,
  eventTypes: readonly EventType[],
  description: string,
  aliases: readonly string[] = [],
): FieldDef {
  return { name, aliases, type, property, column, eventTypes, description };
}

function tokens(values: readonly string[]): FieldValue[] {
  return values.map((value) => ({ token: value, stored: value }));
}

const actionTokens = [...new Set(Object.values(eventActions).flat())];

/** Every searchable field, in the order the UI lists them. */
export const fields: readonly FieldDef[] = [
  {
    ...field('type', 'keyword', 'type', 'type', all, 'PROCESS, FILE, NETWORK, MUTEX or REGISTRY'),
    values: tokens(eventTypes),
  },
  {
    ...field(
      'action',
      'keyword',
      'action',
      'action',
      all,
      'What happened: STARTED, TERMINATED, CREATED, ...',
    ),
    values: tokens(actionTokens),
  },
  field('event.datetime', 'datetime', 'time', 'time', all, 'When the event happened (UTC)', [
    '@timestamp',
    'event.time',
  ]),
  field('event.id', 'number', 'id', 'id', all, 'The ingest sequence number'),
  field(
    'event.source',
    'keyword',
    'source',
    'source',
    all,
    'The format it arrived in: sysmon or native',
  ),
  field('event.code', 'number', 'sourceEventId', 'source_event_id', all, 'The Sysmon event ID', [
    'winlog.event_id',
  ]),
  field('asset.hostname', 'text', 'hostname', 'hostname', all, 'The host the event happened on', [
    'host.hostname',
    'host.name',
    'asset.hostName',
  ]),
  field('asset.agentId', 'keyword', 'agentId', 'agent_id', all, 'The reporting agent', [
    'agent.id',
  ]),

  field(
    'process.name',
    'text',
    'processName',
    'process_name',
    acting,
    'Executable name of the acting process',
    ['actor.processName'],
  ),
  field(
    'process.path',
    'text',
    'processPath',
    'process_path',
    acting,
    'Full path of the acting process',
    ['process.executable', 'process.imageFullPath', 'actor.imageFullPath'],
  ),
  field('process.pid', 'number', 'processPid', 'process_pid', acting, 'Process ID', [
    'actor.processId',
    'process.processId',
  ]),
  field(
    'process.commandLine',
    'text',
    'processCommandLine',
    'process_command_line',
    processOnly,
    'Command line',
    ['process.command_line', 'process.arguments'],
  ),
  field(
    'process.user',
    'text',
    'processUser',
    'process_user',
    acting,
    'Account the process runs as',
    ['user.name', 'process.userName'],
  ),
  field('process.guid', 'guid', 'processGuid', 'process_guid', acting, 'Sysmon process GUID', [
    'process.entity_id',
  ]),
  field(
    'process.integrityLevel',
    'keyword',
    'processIntegrity',
    'process_integrity',
    processOnly,
    'Integrity level',
  ),
  field(
    'process.hash.md5',
    'keyword',
    'processMd5',
    'process_md5',
    processOnly,
    'MD5 of the executable',
  ),
  field(
    'process.hash.sha256',
    'keyword',
    'processSha256',
    'process_sha256',
    processOnly,
    'SHA-256 of the executable',
  ),

  field(
    'process.parent.name',
    'text',
    'parentName',
    'parent_name',
    processOnly,
    'Executable name of the parent',
  ),
  field(
    'process.parent.path',
    'text',
    'parentPath',
    'parent_path',
    processOnly,
    'Full path of the parent',
    ['process.parent.executable'],
  ),
  field(
    'process.parent.pid',
    'number',
    'parentPid',
    'parent_pid',
    processOnly,
    'Parent process ID',
    ['process.parentPid'],
  ),
  field(
    'process.parent.commandLine',
    'text',
    'parentCommandLine',
    'parent_command_line',
    processOnly,
    'Command line of the parent',
    ['process.parent.command_line'],
  ),
  field(
    'process.parent.guid',
    'guid',
    'parentGuid',
    'parent_guid',
    processOnly,
    'Sysmon GUID of the parent',
    ['process.parent.entity_id'],
  ),

  {
    ...field(
      'network.local.address.ip',
      'ip',
      'localIp',
      'local_ip',
      ['NETWORK'],
      'Address on the asset',
    ),
    keyColumn: 'local_ip_key',
  },
  field(
    'network.local.address.port',
    'number',
    'localPort',
    'local_port',
    ['NETWORK'],
    'Port on the asset',
  ),
  {
    ...field(
      'network.remote.address.ip',
      'ip',
      'remoteIp',
      'remote_ip',
      ['NETWORK'],
      'Address of the peer',
      ['destination.ip'],
    ),
    keyColumn: 'remote_ip_key',
  },
  field(
    'network.remote.address.port',
    'number',
    'remotePort',
    'remote_port',
    ['NETWORK'],
    'Port of the peer',
    ['destination.port'],
  ),
  field(
    'network.remote.address.fqdn',
    'text',
    'remoteFqdn',
    'remote_fqdn',
    ['NETWORK'],
    'Host name of the peer',
    ['destination.domain', 'dns.question.name'],
  ),
  field('network.protocol', 'keyword', 'protocol', 'protocol', ['NETWORK'], 'tcp or udp', [
    'network.transport',
  ]),
  {
    ...field(
      'network.direction',
      'keyword',
      'direction',
      'direction',
      ['NETWORK'],
      'INBOUND or OUTBOUND',
    ),
    values: tokens(['INBOUND', 'OUTBOUND']),
  },

  field('file.fullPath', 'text', 'filePath', 'file_path', ['FILE'], 'Full path of the file', [
    'file.path',
  ]),
  field('file.name', 'text', 'fileName', 'file_name', ['FILE'], 'File name'),
  field('file.hash.md5', 'keyword', 'fileMd5', 'file_md5', ['FILE'], 'MD5 of the file'),
  field(
    'file.hash.sha256',
    'keyword',
    'fileSha256',
    'file_sha256',
    ['FILE'],
    'SHA-256 of the file',
  ),

  field(
    'registry.path',
    'text',
    'registryKey',
    'registry_key',
    ['REGISTRY'],
    'Registry key (with value name)',
    ['registry.key'],
  ),
  field(
    'registry.valueName',
    'text',
    'registryValueName',
    'registry_value_name',
    ['REGISTRY'],
    'Value name',
    ['registry.value'],
  ),
  field('registry.data', 'text', 'registryData', 'registry_data', ['REGISTRY'], 'Value data', [
    'registry.data.strings',
  ]),

  field('handle.name', 'text', 'handleName', 'handle_name', ['MUTEX'], 'Mutex or named pipe name', [
    'mutex.name',
    'pipe.name',
  ]),
  {
    ...field('handle.kind', 'keyword', 'handleKind', 'handle_kind', ['MUTEX'], 'MUTEX or PIPE'),
    values: tokens(['MUTEX', 'PIPE']),
  },

  field('indicator.score', 'number', 'score', 'score', all, 'Threat score, 0 to 10', ['score']),
  field(
    'indicator.verdict',
    'keyword',
    'verdict',
    'verdict',
    all,
    'Verdict reported with the event',
  ),
  field(
    'indicator.threatName',
    'text',
    'threatName',
    'threat_name',
    all,
    'Threat name reported with the event',
  ),
];

/**
 * The event catalogue: what hunting queries and rule queries can name. A value without a
 * field name searches the default fields listed here (see docs/semantics.md).
 */
export const eventCatalogue: Catalogue<StoredEvent> = createCatalogue<StoredEvent>({
  name: 'event',
  table: 'events',
  fields,
  defaultFields: [
    'asset.hostname',
    'process.name',
    'process.path',
    'process.commandLine',
    'process.user',
    'process.parent.path',
    'process.parent.commandLine',
    'network.remote.address.fqdn',
    'file.fullPath',
    'registry.path',
    'registry.data',
    'handle.name',
    'indicator.threatName',
  ],
});

/** Finds a field by its name or an alias, ignoring case. */
export function findField(name: string): FieldDef | undefined {
  return eventCatalogue.find(name) as FieldDef | undefined;
}

/** Every name a field answers to, as written, for completion and suggestions. */
export function fieldNames(): string[] {
  return fields.flatMap((def) => [def.name, ...def.aliases]);
}
