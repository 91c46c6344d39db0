import type { EventType, StoredEvent } from './event.js';
import { aliveByPid, processKeyOf, type ObjectRecord } from './object-state.js';

/** What a node stands for; MUTEX and PIPE are the two kinds of MUTEX objects. */
export type HierarchyNodeKind = 'PROCESS' | 'NETWORK' | 'MUTEX' | 'PIPE' | 'FILE' | 'REGISTRY';

/** How two nodes relate: a process started a child, connected, opened a handle, ... */
export type HierarchyEdgeKind = 'STARTED' | 'CONNECTED' | 'OPENED' | 'WROTE' | 'CHANGED';

export interface HierarchyNode {
  /** The object key; for a process known only by reference, the key it would have. */
  id: string;
  kind: HierarchyNodeKind;
  label: string;
  /** The full command line, path or name, for a tooltip. */
  detail: string | null;
  /** The object's state; null for a process known only because others name it. */
  state: string | null;
  /** The event that opens the object: a process's STARTED event, when stored. */
  eventId: number | null;
  pid: number | null;
  startedAt: number | null;
  endedAt: number | null;
}

export interface HierarchyEdge {
  from: string;
  to: string;
  kind: HierarchyEdgeKind;
}

/** A process with its ancestors, descendants and objects, ready for a layered layout. */
export interface ProcessGraph {
  /** The node of the event's own object (its process, or its connection, pipe, ...). */
  focusNodeId: string;
  /** The node of the event's process, when it has one. */
  processNodeId: string | null;
  nodes: HierarchyNode[];
  edges: HierarchyEdge[];
  /** True when a limit cut the graph: deeper descendants or more objects exist. */
  truncated: boolean;
}

export interface HierarchyLimits {
  /** Parents followed up the chain. */
  ancestors: number;
  /** Generations of children followed down. */
  depth: number;
  /** Process nodes at most. */
  maxProcesses: number;
  /** Objects shown per process. */
  objectsPerProcess: number;
  /** The object types shown beside processes. */
  objectTypes: readonly Exclude<EventType, 'PROCESS'>[];
}

export const defaultHierarchyLimits: HierarchyLimits = {
  ancestors: 16,
  depth: 4,
  maxProcesses: 200,
  objectsPerProcess: 25,
  objectTypes: ['NETWORK', 'MUTEX'],
};

/**
 * What the assembler has been given so far. Every map holds the answer to a lookup that
 * was made, including empty ones, so "looked up, absent" differs from "not looked up".
 */
export interface HierarchyData {
  /** Objects by key; null when the key was looked up and is absent. */
  byKey: Map<string, ObjectRecord | null>;
  /** Processes by `assetId|pid`. */
  byPid: Map<string, ObjectRecord[]>;
  /** Processes by `assetId|parentGuid`. */
  childrenByGuid: Map<string, ObjectRecord[]>;
  /** Processes by `assetId|parentPid`. */
  childrenByPid: Map<string, ObjectRecord[]>;
  /** Objects other than processes, by the key of the process that acted. */
  objectsByProcess: Map<string, ObjectRecord[]>;
  /** The events that open nodes, by id; null when the id was looked up and is absent. */
  events: Map<number, StoredEvent | null>;
}

/** Lookups the assembler needs answered before it can finish. */
export interface HierarchyNeeds {
  keys: string[];
  pids: Array<{ assetId: number; pid: number }>;
  childrenOfGuid: Array<{ assetId: number; guid: string }>;
  childrenOfPid: Array<{ assetId: number; pid: number }>;
  objectsOf: string[];
  events: number[];
}

export type HierarchyStep = { graph: ProcessGraph } | { needs: HierarchyNeeds };

/** An empty {@link HierarchyData}. */
export function createHierarchyData(): HierarchyData {
  return {
    byKey: new Map(),
    byPid: new Map(),
    childrenByGuid: new Map(),
    childrenByPid: new Map(),
    objectsByProcess: new Map(),
    events: new Map(),
  };
}

const unknown = Symbol('not loaded');
type Lookup<T> = T | typeof unknown;

const edgeKinds: Record<Exclude<EventType, 'PROCESS'>, HierarchyEdgeKind> = {
  NETWORK: 'CONNECTED',
  MUTEX: 'OPENED',
  FILE: 'WROTE',
  REGISTRY: 'CHANGED',
};

/**
 * Builds the hierarchy of `focus`'s process from `data`, or says which lookups are
 * missing. The caller loads them into `data` and calls again until a graph comes back.
 *
 * @remarks
 * A process's parent is the process with its parent GUID on the same asset; when no
 * process has that GUID, the process with its parent PID on the asset that was alive when
 * it started (the latest started at or before it, not terminated before it). A parent
 * known only from the child's own event is drawn from that event, with no state.
 */
export function assembleHierarchy(
  focus: StoredEvent,
  data: HierarchyData,
  limits: HierarchyLimits = defaultHierarchyLimits,
): HierarchyStep {
  const needs = new Needs();
  const look = new Lookups(data, needs);
  const nodes = new Map<string, HierarchyNode>();
  const edges: HierarchyEdge[] = [];
  let truncated = false;

  const processNode = (record: ObjectRecord): HierarchyNode => {
    const existing = nodes.get(record.key);
    if (existing) return existing;
    const event = look.event(record.firstEventId);
    const node = toProcessNode(record, event === unknown ? null : event);
    nodes.set(node.id, node);
    return node;
  };

  // The event's own process.
  let focusRecord: Lookup<ObjectRecord | null>;
  if (focus.type === 'PROCESS' && focus.objectKey) focusRecord = look.key(focus.objectKey);
  else {
    focusRecord = look.process(focus.assetId, focus.processGuid, focus.processPid, focus.time);
  }
  if (focusRecord === unknown) return { needs: needs.list() };

  let processNodeId: string | null = null;
  if (focusRecord) processNodeId = processNode(focusRecord).id;
  else if (focus.processGuid || focus.processPid !== null) {
    const node = referencedProcess(focus.assetId, {
      guid: focus.processGuid,
      pid: focus.processPid,
      name: focus.processName,
      detail: focus.processCommandLine ?? focus.processPath,
    });
    nodes.set(node.id, node);
    processNodeId = node.id;
  }

  // Up the chain.
  let child = focusRecord;
  for (let level = 0; child && level < limits.ancestors; level++) {
    const parent = look.parentOf(child);
    if (parent === unknown) break;
    if (parent) {
      edges.push({ from: processNode(parent).id, to: child.key, kind: 'STARTED' });
      child = parent;
      continue;
    }
    const started = look.event(child.firstEventId);
    if (started !== unknown && started?.action === 'STARTED' && hasParent(started)) {
      const node = referencedProcess(child.assetId, {
        guid: started.parentGuid,
        pid: started.parentPid,
        name: started.parentName,
        detail: started.parentCommandLine ?? started.parentPath,
      });
      if (!nodes.has(node.id)) nodes.set(node.id, node);
      edges.push({ from: node.id, to: child.key, kind: 'STARTED' });
    }
    break;
  }

  // Down the generations, breadth first.
  let generation: Array<{
    record: ObjectRecord | null;
    id: string;
    guid: string | null;
    pid: number | null;
  }> = focusRecord
    ? [{ record: focusRecord, id: focusRecord.key, guid: focusRecord.guid, pid: focusRecord.pid }]
    : processNodeId
      ? [{ record: null, id: processNodeId, guid: focus.processGuid, pid: null }]
      : [];
  for (let level = 0; generation.length > 0; level++) {
    const next: typeof generation = [];
    for (const parent of generation) {
      const children = look.childrenOf(focus.assetId, parent.record, parent.guid);
      if (children === unknown) continue;
      if (children.length > 0 && level >= limits.depth) {
        truncated = true;
        continue;
      }
      for (const record of children) {
        if (nodes.has(record.key)) continue;
        if (countProcesses(nodes) >= limits.maxProcesses) {
          truncated = true;
          break;
        }
        processNode(record);
        edges.push({ from: parent.id, to: record.key, kind: 'STARTED' });
        next.push({ record, id: record.key, guid: record.guid, pid: record.pid });
      }
    }
    generation = next;
  }

  // Connections, handles, files and registry values beside each process.
  for (const node of [...nodes.values()]) {
    if (node.kind !== 'PROCESS' || node.state === null) continue;
    const objects = look.objectsOf(node.id);
    if (objects === unknown) continue;
    const shown = objects.filter((record) => limits.objectTypes.includes(record.type as never));
    if (shown.length > limits.objectsPerProcess) truncated = true;
    for (const record of shown.slice(0, limits.objectsPerProcess)) addObject(node.id, record);
  }

  // The event's own object is always shown, whatever the limits.
  let focusNodeId = processNodeId;
  if (focus.type !== 'PROCESS' && focus.objectKey) {
    const record = look.key(focus.objectKey);
    if (record && record !== unknown) {
      addObject(processNodeId, record);
      focusNodeId = record.key;
    }
  }

  if (!needs.isEmpty()) return { needs: needs.list() };
  if (focusNodeId === null) {
    const node = eventNode(focus);
    nodes.set(node.id, node);
    focusNodeId = node.id;
  }
  return {
    graph: {
      focusNodeId,
      processNodeId,
      nodes: [...nodes.values()],
      edges: uniqueEdges(edges),
      truncated,
    },
  };

  function addObject(processId: string | null, record: ObjectRecord) {
    if (nodes.has(record.key)) return;
    const event = look.event(record.firstEventId);
    const node = toObjectNode(record, event === unknown ? null : event);
    nodes.set(node.id, node);
    if (processId)
      edges.push({ from: processId, to: node.id, kind: edgeKinds[record.type as 'NETWORK'] });
  }
}

/** The `assetId|value` keys the data maps use. */
export function assetKey(assetId: number, value: string | number): string {
  return `${assetId}|${value}`;
}

class Needs {
  keys = new Set<string>();
  pids = new Map<string, { assetId: number; pid: number }>();
  childrenOfGuid = new Map<string, { assetId: number; guid: string }>();
  childrenOfPid = new Map<string, { assetId: number; pid: number }>();
  objectsOf = new Set<string>();
  events = new Set<number>();

  isEmpty(): boolean {
    return (
      this.keys.size +
        this.pids.size +
        this.childrenOfGuid.size +
        this.childrenOfPid.size +
        this.objectsOf.size +
        this.events.size ===
      0
    );
  }

  list(): HierarchyNeeds {
    return {
      keys: [...this.keys],
      pids: [...this.pids.values()],
      childrenOfGuid: [...this.childrenOfGuid.values()],
      childrenOfPid: [...this.childrenOfPid.values()],
      objectsOf: [...this.objectsOf],
      events: [...this.events],
    };
  }
}

// Answers from the data, noting each question it cannot answer yet.
class Lookups {
  constructor(
    private readonly data: HierarchyData,
    private readonly needs: Needs,
  ) {}

  key(key: string): Lookup<ObjectRecord | null> {
    if (!this.data.byKey.has(key)) {
      this.needs.keys.add(key);
      return unknown;
    }
    return this.data.byKey.get(key)!;
  }

  pid(assetId: number, pid: number): Lookup<ObjectRecord[]> {
    const list = this.data.byPid.get(assetKey(assetId, pid));
    if (list) return list;
    this.needs.pids.set(assetKey(assetId, pid), { assetId, pid });
    return unknown;
  }

  event(id: number): Lookup<StoredEvent | null> {
    if (this.data.events.has(id)) return this.data.events.get(id)!;
    this.needs.events.add(id);
    return unknown;
  }

  objectsOf(processKey: string): Lookup<ObjectRecord[]> {
    const list = this.data.objectsByProcess.get(processKey);
    if (list) return list;
    this.needs.objectsOf.add(processKey);
    return unknown;
  }

  /** The process with `guid`, else the one with `pid` alive at `time`, else null. */
  process(
    assetId: number,
    guid: string | null,
    pid: number | null,
    time: number,
    exclude?: ObjectRecord,
  ): Lookup<ObjectRecord | null> {
    if (guid) {
      const record = this.key(processKeyOf(assetId, guid));
      if (record !== null) return record;
    }
    if (pid === null) return null;
    const candidates = this.pid(assetId, pid);
    if (candidates === unknown) return unknown;
    return aliveByPid(
      candidates.filter((candidate) => candidate !== exclude && candidate.key !== exclude?.key),
      time,
    );
  }

  parentOf(child: ObjectRecord): Lookup<ObjectRecord | null> {
    if (child.parentGuid === null && child.parentPid === null) return null;
    const time = child.startedAt ?? child.lastTime;
    return this.process(child.assetId, child.parentGuid, child.parentPid, time, child);
  }

  /**
   * The processes whose parent is `parent`. For a process known only by reference (no
   * record), those naming its GUID whose parent resolves to no stored process.
   */
  childrenOf(
    assetId: number,
    parent: ObjectRecord | null,
    guid: string | null,
  ): Lookup<ObjectRecord[]> {
    const candidates = new Map<string, ObjectRecord>();
    let complete = true;
    const add = (map: Map<string, ObjectRecord[]>, value: string | number, need: () => void) => {
      const list = map.get(assetKey(assetId, value));
      if (!list) {
        need();
        complete = false;
        return;
      }
      for (const record of list) candidates.set(record.key, record);
    };

    if (guid) {
      add(this.data.childrenByGuid, guid, () =>
        this.needs.childrenOfGuid.set(assetKey(assetId, guid), { assetId, guid }),
      );
    }
    const pid = parent?.pid ?? null;
    if (pid !== null) {
      add(this.data.childrenByPid, pid, () =>
        this.needs.childrenOfPid.set(assetKey(assetId, pid), { assetId, pid }),
      );
    }
    if (!complete) return unknown;

    const children: ObjectRecord[] = [];
    for (const candidate of candidates.values()) {
      if (candidate.key === parent?.key) continue;
      const resolved = this.parentOf(candidate);
      if (resolved === unknown) {
        complete = false;
        continue;
      }
      const isChild = parent
        ? resolved?.key === parent.key
        : resolved === null && candidate.parentGuid === guid;
      if (isChild) children.push(candidate);
    }
    if (!complete) return unknown;
    return children.sort((a, b) => (a.startedAt ?? a.lastTime) - (b.startedAt ?? b.lastTime));
  }
}

function toProcessNode(record: ObjectRecord, event: StoredEvent | null): HierarchyNode {
  const started = event?.action === 'STARTED' ? event : null;
  return {
    id: record.key,
    kind: 'PROCESS',
    label: processLabel(record.name, record.pid),
    detail: started ? (started.processCommandLine ?? started.processPath) : null,
    state: record.state,
    eventId: event ? record.firstEventId : null,
    pid: record.pid,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
  };
}

function toObjectNode(record: ObjectRecord, event: StoredEvent | null): HierarchyNode {
  const kind: HierarchyNodeKind =
    record.type === 'MUTEX' && event?.handleKind === 'PIPE'
      ? 'PIPE'
      : (record.type as HierarchyNodeKind);
  let label = record.name ?? record.type.toLowerCase();
  if (record.type === 'NETWORK' && event?.protocol) label = `${event.protocol} ${label}`;
  if (record.type === 'FILE' || record.type === 'REGISTRY') label = lastSegment(label);
  return {
    id: record.key,
    kind,
    label,
    detail: record.name,
    state: record.state,
    eventId: event ? record.firstEventId : null,
    pid: record.pid,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
  };
}

// An event about no stored object and from no known process (a process with neither pid
// nor GUID, a DNS query or an unnamed file from such a process) is drawn as itself.
function eventNode(event: StoredEvent): HierarchyNode {
  const kind: HierarchyNodeKind =
    event.type === 'MUTEX' && event.handleKind === 'PIPE' ? 'PIPE' : event.type;
  const details: Record<EventType, string | null> = {
    PROCESS: event.processCommandLine ?? event.processPath,
    NETWORK: event.remoteFqdn ?? event.remoteIp,
    MUTEX: event.handleName,
    FILE: event.filePath ?? event.fileName,
    REGISTRY: event.action === 'RENAMED' ? event.registryData : event.registryKey,
  };
  const detail = details[event.type];
  return {
    id: `event|${event.id}`,
    kind,
    label:
      event.type === 'PROCESS'
        ? processLabel(event.processName, event.processPid)
        : lastSegment(detail ?? event.type.toLowerCase()),
    detail,
    state: null,
    eventId: event.id,
    pid: event.processPid,
    startedAt: event.action === 'STARTED' ? event.time : null,
    endedAt: event.action === 'TERMINATED' ? event.time : null,
  };
}

// A process no stored event starts or ends, known because an event names it.
function referencedProcess(
  assetId: number,
  process: { guid: string | null; pid: number | null; name: string | null; detail: string | null },
): HierarchyNode {
  return {
    id: process.guid
      ? processKeyOf(assetId, process.guid)
      : `process|${assetId}|pid ${process.pid ?? '?'}`,
    kind: 'PROCESS',
    label: processLabel(process.name, process.pid),
    detail: process.detail,
    state: null,
    eventId: null,
    pid: process.pid,
    startedAt: null,
    endedAt: null,
  };
}

function hasParent(event: StoredEvent): boolean {
  return event.parentGuid !== null || event.parentPid !== null;
}

function processLabel(name: string | null, pid: number | null): string {
  return `${name ?? 'unknown process'} (${pid ?? '?'})`;
}

function lastSegment(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('\\'), trimmed.lastIndexOf('/')) + 1) || path;
}

function countProcesses(nodes: Map<string, HierarchyNode>): number {
  let count = 0;
  for (const node of nodes.values()) if (node.kind === 'PROCESS') count++;
  return count;
}

function uniqueEdges(edges: readonly HierarchyEdge[]): HierarchyEdge[] {
  const seen = new Set<string>();
  return edges.filter((edge) => {
    const id = `${edge.from}>${edge.to}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
