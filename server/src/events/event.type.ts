import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

import type { StoredEvent } from './event.js';

@ObjectType({ description: 'The process an event is about or that acted' })
export class EventProcess {
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) path!: string | null;
  @Field(() => Int, { nullable: true }) pid!: number | null;
  @Field(() => String, { nullable: true }) commandLine!: string | null;
  @Field(() => String, { nullable: true }) user!: string | null;
  @Field(() => String, { nullable: true }) guid!: string | null;
  @Field(() => String, { nullable: true }) integrityLevel!: string | null;
  @Field(() => String, { nullable: true }) md5!: string | null;
  @Field(() => String, { nullable: true }) sha256!: string | null;
}

@ObjectType({ description: "The parent of a PROCESS event's process" })
export class EventParent {
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) path!: string | null;
  @Field(() => Int, { nullable: true }) pid!: number | null;
  @Field(() => String, { nullable: true }) commandLine!: string | null;
  @Field(() => String, { nullable: true }) guid!: string | null;
}

@ObjectType()
export class EventNetwork {
  @Field(() => String, { nullable: true }) localIp!: string | null;
  @Field(() => Int, { nullable: true }) localPort!: number | null;
  @Field(() => String, { nullable: true }) remoteIp!: string | null;
  @Field(() => Int, { nullable: true }) remotePort!: number | null;
  @Field(() => String, { nullable: true }) remoteFqdn!: string | null;
  @Field(() => String, { nullable: true }) protocol!: string | null;
  @Field(() => String, { nullable: true }) direction!: string | null;
}

@ObjectType()
export class EventFile {
  @Field(() => String, { nullable: true }) path!: string | null;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) md5!: string | null;
  @Field(() => String, { nullable: true }) sha256!: string | null;
}

@ObjectType()
export class EventRegistry {
  @Field(() => String, { nullable: true }) key!: string | null;
  @Field(() => String, { nullable: true }) valueName!: string | null;
  @Field(() => String, { nullable: true }) data!: string | null;
}

@ObjectType({ description: 'A mutex or named pipe' })
export class EventHandle {
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) kind!: string | null;
}

@ObjectType({ description: 'A threat indicator reported with the event' })
export class EventIndicator {
  @Field(() => Int, { nullable: true }) score!: number | null;
  @Field(() => String, { nullable: true }) verdict!: string | null;
  @Field(() => String, { nullable: true }) threatName!: string | null;
}

@ObjectType({ description: 'One stored event, normalised' })
export class EventNode {
  @Field(() => ID, { description: 'The ingest sequence number' }) id!: string;
  @Field({ description: 'When it happened (UTC)' }) time!: Date;
  @Field() receivedAt!: Date;
  @Field() type!: string;
  @Field() action!: string;
  @Field({ description: 'The format it arrived in: sysmon or native' }) source!: string;
  @Field(() => Int, { nullable: true, description: 'The Sysmon event ID' }) sourceEventId!:
    number | null;
  @Field() hostname!: string;
  @Field(() => String, { nullable: true }) agentId!: string | null;
  @Field(() => EventProcess, { nullable: true }) process!: EventProcess | null;
  @Field(() => EventParent, { nullable: true }) parent!: EventParent | null;
  @Field(() => EventNetwork, { nullable: true }) network!: EventNetwork | null;
  @Field(() => EventFile, { nullable: true }) file!: EventFile | null;
  @Field(() => EventRegistry, { nullable: true }) registry!: EventRegistry | null;
  @Field(() => EventHandle, { nullable: true }) handle!: EventHandle | null;
  @Field(() => EventIndicator, { nullable: true }) indicator!: EventIndicator | null;
  @Field(() => GraphQLJSONObject, { description: 'The record as it arrived' }) raw!: Record<
    string,
    unknown
  >;
}

/** The API shape of a stored event: groups with no value at all are null. */
export function toEventNode(event: StoredEvent): EventNode {
  return {
    id: String(event.id),
    time: new Date(event.time),
    receivedAt: new Date(event.receivedAt),
    type: event.type,
    action: event.action,
    source: event.source,
    sourceEventId: event.sourceEventId,
    hostname: event.hostname,
    agentId: event.agentId,
    process: group({
      name: event.processName,
      path: event.processPath,
      pid: event.processPid,
      commandLine: event.processCommandLine,
      user: event.processUser,
      guid: event.processGuid,
      integrityLevel: event.processIntegrity,
      md5: event.processMd5,
      sha256: event.processSha256,
    }),
    parent: group({
      name: event.parentName,
      path: event.parentPath,
      pid: event.parentPid,
      commandLine: event.parentCommandLine,
      guid: event.parentGuid,
    }),
    network: group({
      localIp: event.localIp,
      localPort: event.localPort,
      remoteIp: event.remoteIp,
      remotePort: event.remotePort,
      remoteFqdn: event.remoteFqdn,
      protocol: event.protocol,
      direction: event.direction,
    }),
    file: group({
      path: event.filePath,
      name: event.fileName,
      md5: event.fileMd5,
      sha256: event.fileSha256,
    }),
    registry: group({
      key: event.registryKey,
      valueName: event.registryValueName,
      data: event.registryData,
    }),
    handle: group({ name: event.handleName, kind: event.handleKind }),
    indicator: group({ score: event.score, verdict: event.verdict, threatName: event.threatName }),
    raw: parseRaw(event.raw),
  };
}

function group<T extends Record<string, unknown>>(values: T): T | null {
  return Object.values(values).some((value) => value !== null) ? values : null;
}

function parseRaw(raw: string): Record<string, unknown> {
  try {
    const value = JSON.parse(raw) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : { value };
  } catch {
    return { text: raw };
  }
}
