import { describe, expect, it } from 'vitest';

import { emptyEvent, type StoredEvent } from './event.js';
import {
  assembleHierarchy,
  assetKey,
  createHierarchyData,
  defaultHierarchyLimits,
  type HierarchyLimits,
  type ProcessGraph,
} from './hierarchy.js';
import { processKeyOf, type ObjectRecord } from './object-state.js';

const t0 = Date.UTC(2021, 5, 12, 1, 7, 0);

/** A process object on asset 1, started by event `id`. */
function processRecord(
  overrides: Partial<ObjectRecord> & { guid: string; pid: number; id: number },
) {
  const { id, ...rest } = overrides;
  return {
    key: processKeyOf(1, overrides.guid),
    type: 'PROCESS',
    assetId: 1,
    state: 'RUNNING',
    parentGuid: null,
    parentPid: null,
    name: `${overrides.guid}.exe`,
    processKey: null,
    startedAt: t0 + id,
    endedAt: null,
    firstEventId: id,
    lastEventId: id,
    lastTime: t0 + id,
    ...rest,
  } as ObjectRecord;
}

/** The STARTED event of `record`, naming its parent. */
function startedEvent(record: ObjectRecord, parent: Partial<StoredEvent> = {}): StoredEvent {
  return {
    ...emptyEvent({
      time: record.startedAt!,
      type: 'PROCESS',
      action: 'STARTED',
      source: 'sysmon',
      hostname: 'ws1',
      raw: '{}',
    }),
    id: record.firstEventId,
    receivedAt: 0,
    assetId: 1,
    objectKey: record.key,
    processGuid: record.guid,
    processPid: record.pid,
    processName: record.name,
    processCommandLine: `${record.name} /run`,
    parentGuid: record.parentGuid,
    parentPid: record.parentPid,
    ...parent,
  };
}

/** Answers the assembler's lookups from `records` and `events` until it returns a graph. */
function settle(
  focus: StoredEvent,
  records: readonly ObjectRecord[],
  events: readonly StoredEvent[],
  limits: HierarchyLimits = defaultHierarchyLimits,
): ProcessGraph {
  const data = createHierarchyData();
  for (let round = 0; round < 50; round++) {
    const step = assembleHierarchy(focus, data, limits);
    if ('graph' in step) return step.graph;
    const { needs } = step;
    for (const key of needs.keys) data.byKey.set(key, records.find((r) => r.key === key) ?? null);
    for (const { assetId, pid } of needs.pids) {
      data.byPid.set(
        assetKey(assetId, pid),
        records.filter((r) => r.type === 'PROCESS' && r.pid === pid),
      );
    }
    for (const { assetId, guid } of needs.childrenOfGuid) {
      data.childrenByGuid.set(
        assetKey(assetId, guid),
        records.filter((r) => r.parentGuid === guid),
      );
    }
    for (const { assetId, pid } of needs.childrenOfPid) {
      data.childrenByPid.set(
        assetKey(assetId, pid),
        records.filter((r) => r.parentPid === pid),
      );
    }
    for (const key of needs.objectsOf) {
      data.objectsByProcess.set(
        key,
        records.filter((r) => r.processKey === key),
      );
    }
    for (const id of needs.events) data.events.set(id, events.find((e) => e.id === id) ?? null);
  }
  throw new Error('did not settle');
}

const labels = (graph: ProcessGraph) => graph.nodes.map((node) => node.label);
const edges = (graph: ProcessGraph) =>
  graph.edges.map(({ from, to, kind }) => {
    const label = (id: string) => graph.nodes.find((node) => node.id === id)!.label;
    return `${label(from)} ${kind} ${label(to)}`;
  });

describe(assembleHierarchy.name, () => {
  it('asks first for the object of the event', () => {
    const record = processRecord({ guid: 'cmd', pid: 10, id: 1 });

    expect(assembleHierarchy(startedEvent(record), createHierarchyData())).toEqual({
      needs: {
        keys: [record.key],
        pids: [],
        childrenOfGuid: [],
        childrenOfPid: [],
        objectsOf: [],
        events: [],
      },
    });
  });

  it('follows parents by GUID, and by the PID alive when the child started', () => {
    const explorer = processRecord({ guid: 'explorer', pid: 100, id: 1 });
    const oldPipeServer = processRecord({
      guid: 'old',
      pid: 200,
      id: 2,
      state: 'TERMINATED',
      endedAt: t0 + 3,
    });
    const pipeServer = processRecord({
      guid: 'server',
      pid: 200,
      id: 4,
      parentGuid: 'explorer',
      parentPid: 100,
    });
    // Names a parent GUID no process has: the parent is whichever PID 200 was alive at t0+5.
    const conhost = processRecord({
      guid: 'conhost',
      pid: 300,
      id: 5,
      parentGuid: 'alias',
      parentPid: 200,
    });
    const records = [explorer, oldPipeServer, pipeServer, conhost];
    const events = records.map((record) => startedEvent(record));

    const graph = settle(events[3]!, records, events);

    expect(edges(graph)).toEqual([
      'server.exe (200) STARTED conhost.exe (300)',
      'explorer.exe (100) STARTED server.exe (200)',
    ]);
    expect(graph).toMatchObject({
      focusNodeId: conhost.key,
      processNodeId: conhost.key,
      truncated: false,
    });
  });

  it("draws a parent that has no process object from the child's own event", () => {
    const ping = processRecord({
      guid: 'ping',
      pid: 2164,
      id: 1,
      parentGuid: 'cmd',
      parentPid: 5632,
    });
    const event = startedEvent(ping, { parentName: 'cmd.exe', parentCommandLine: 'cmd.exe /k' });

    const graph = settle(event, [ping], [event]);

    expect(graph.nodes).toEqual([
      {
        id: ping.key,
        kind: 'PROCESS',
        label: 'ping.exe (2164)',
        detail: 'ping.exe /run',
        state: 'RUNNING',
        eventId: 1,
        pid: 2164,
        startedAt: t0 + 1,
        endedAt: null,
      },
      {
        id: processKeyOf(1, 'cmd'),
        kind: 'PROCESS',
        label: 'cmd.exe (5632)',
        detail: 'cmd.exe /k',
        state: null,
        eventId: null,
        pid: 5632,
        startedAt: null,
        endedAt: null,
      },
    ]);
  });

  it('finds the children of a process known only by GUID, for an event it reported', () => {
    const children = [1, 2, 3].map((id) =>
      processRecord({ guid: `child${id}`, pid: id, id, parentGuid: 'cmd', parentPid: 5632 }),
    );
    const registry = {
      ...startedEvent(children[0]!),
      id: 9,
      type: 'REGISTRY' as const,
      action: 'VALUE_SET' as const,
      objectKey: null,
      processGuid: 'cmd',
      processPid: 5632,
      processName: 'cmd.exe',
    };

    const graph = settle(
      registry,
      children,
      children.map((record) => startedEvent(record)),
    );

    expect(labels(graph)).toEqual([
      'cmd.exe (5632)',
      'child1.exe (1)',
      'child2.exe (2)',
      'child3.exe (3)',
    ]);
    expect(graph.processNodeId).toBe(processKeyOf(1, 'cmd'));
  });

  it('stops at the depth limit and says so', () => {
    const chain = [0, 1, 2, 3].map((id) =>
      processRecord({
        guid: `p${id}`,
        pid: id + 10,
        id: id + 1,
        parentGuid: id ? `p${id - 1}` : null,
      }),
    );
    const events = chain.map((record) => startedEvent(record));

    const graph = settle(events[0]!, chain, events, { ...defaultHierarchyLimits, depth: 2 });

    expect(labels(graph)).toEqual(['p0.exe (10)', 'p1.exe (11)', 'p2.exe (12)']);
    expect(graph.truncated).toBe(true);
  });

  it('shows the objects of each process up to the limit, pipes as pipes', () => {
    const server = processRecord({ guid: 'server', pid: 1, id: 1 });
    const pipes = [2, 3, 4].map((id): ObjectRecord => ({
      ...processRecord({ guid: 'server', pid: 1, id }),
      key: `mutex|1|server|PIPE|\\p${id}`,
      type: 'MUTEX',
      state: 'CLOSED',
      name: `\\p${id}`,
      processKey: server.key,
    }));
    const events = [
      startedEvent(server),
      ...pipes.map((pipe) => ({
        ...startedEvent(pipe),
        type: 'MUTEX' as const,
        action: 'CREATED' as const,
        handleKind: 'PIPE' as const,
      })),
    ];

    const graph = settle(events[0]!, [server, ...pipes], events, {
      ...defaultHierarchyLimits,
      objectsPerProcess: 2,
    });

    expect(graph.nodes.map((node) => `${node.kind} ${node.label} ${node.state}`)).toEqual([
      'PROCESS server.exe (1) RUNNING',
      'PIPE \\p2 CLOSED',
      'PIPE \\p3 CLOSED',
    ]);
    expect(edges(graph)).toEqual(['server.exe (1) OPENED \\p2', 'server.exe (1) OPENED \\p3']);
    expect(graph.truncated).toBe(true);
  });

  it('draws an event with neither an object nor a known process as its own focus node', () => {
    const event = (overrides: Partial<Omit<StoredEvent, 'objectKey'>>): StoredEvent => ({
      ...emptyEvent({
        time: t0,
        type: 'PROCESS',
        action: 'STARTED',
        source: 'native',
        hostname: 'ws1',
        raw: '{}',
      }),
      id: 600,
      receivedAt: 0,
      assetId: 1,
      objectKey: null,
      ...overrides,
    });
    const started = event({ processName: 'a.exe', processCommandLine: 'a.exe /x' });
    const query = event({
      id: 601,
      type: 'NETWORK',
      action: 'DNS_QUERY',
      remoteFqdn: 'c2.example',
    });

    const process = settle(started, [], []);
    const dns = settle(query, [], []);

    expect(process).toEqual({
      focusNodeId: 'event|600',
      processNodeId: null,
      nodes: [
        {
          id: 'event|600',
          kind: 'PROCESS',
          label: 'a.exe (?)',
          detail: 'a.exe /x',
          state: null,
          eventId: 600,
          pid: null,
          startedAt: t0,
          endedAt: null,
        },
      ],
      edges: [],
      truncated: false,
    });
    expect(dns.focusNodeId).toBe('event|601');
    expect(dns.nodes.map(({ id, kind, label }) => `${id} ${kind} ${label}`)).toEqual([
      'event|601 NETWORK c2.example',
    ]);
  });
});
