import { describe, expect, it } from 'vitest';

import {
  aliveByPid,
  objectKeyOf,
  planObjectStates,
  processKeyOf,
  withClosedHandles,
  type ObjectRecord,
  type StateEvent,
} from './object-state.js';

const t0 = Date.UTC(2024, 8, 15, 0, 30, 0);
let nextId = 1;

/** A stored event on asset 1; `overrides` set any field. */
function stateEvent(overrides: Partial<StateEvent> = {}): StateEvent {
  return {
    id: nextId++,
    assetId: 1,
    time: t0,
    type: 'PROCESS',
    action: 'STARTED',
    processGuid: null,
    processPid: null,
    processName: null,
    parentGuid: null,
    parentPid: null,
    remoteIp: null,
    remotePort: null,
    remoteFqdn: null,
    localIp: null,
    localPort: null,
    protocol: null,
    filePath: null,
    registryKey: null,
    registryData: null,
    handleName: null,
    handleKind: null,
    ...overrides,
  };
}

const start = (guid: string, pid: number, at: number, parent: Partial<StateEvent> = {}) =>
  stateEvent({
    processGuid: guid,
    processPid: pid,
    time: at,
    processName: `${guid}.exe`,
    ...parent,
  });
const end = (guid: string, pid: number, at: number) =>
  stateEvent({ action: 'TERMINATED', processGuid: guid, processPid: pid, time: at });
const pipe = (guid: string, pid: number, at: number, name = '\\pipe') =>
  stateEvent({
    type: 'MUTEX',
    action: 'CREATED',
    processGuid: guid,
    processPid: pid,
    time: at,
    handleName: name,
    handleKind: 'PIPE',
  });

function byKey(records: readonly ObjectRecord[]) {
  return Object.fromEntries(records.map((record) => [record.key, record]));
}

describe(planObjectStates.name, () => {
  it('terminates a process whose termination names another GUID, by its live PID', () => {
    const events = [
      start('a', 7444, t0),
      pipe('a-alias', 7444, t0 + 100),
      end('a-alias', 7444, t0 + 5000),
    ];

    const plan = planObjectStates(events, []);

    const objects = byKey(plan.changed);
    expect(objects[processKeyOf(1, 'a')]).toMatchObject({
      state: 'TERMINATED',
      startedAt: t0,
      endedAt: t0 + 5000,
      firstEventId: events[0]!.id,
      lastEventId: events[2]!.id,
    });
    expect(objects[processKeyOf(1, 'a-alias')]).toBeUndefined();
    expect(objects['mutex|1|a-alias|PIPE|\\pipe']).toMatchObject({
      state: 'CLOSED',
      endedAt: t0 + 5000,
      processKey: processKeyOf(1, 'a'),
    });
    expect(plan.terminated).toEqual([{ processKey: processKeyOf(1, 'a'), endedAt: t0 + 5000 }]);
  });

  it('decides by event time, not arrival: a late start leaves the process terminated', () => {
    const events = [end('a', 10, t0 + 1000), start('a', 10, t0)];

    const plan = planObjectStates(events, []);

    expect(plan.changed).toMatchObject([
      { key: processKeyOf(1, 'a'), state: 'TERMINATED', startedAt: t0, endedAt: t0 + 1000 },
    ]);
    expect(plan.changed[0]!.firstEventId).toBe(events[1]!.id);
  });

  it('joins a stored termination that arrived before its start under another GUID', () => {
    const orphan: ObjectRecord = {
      key: processKeyOf(1, 'alias'),
      type: 'PROCESS',
      assetId: 1,
      state: 'TERMINATED',
      guid: 'alias',
      pid: 512,
      parentGuid: null,
      parentPid: null,
      name: 'x.exe',
      processKey: null,
      startedAt: null,
      endedAt: t0 + 5000,
      firstEventId: 1,
      lastEventId: 1,
      lastTime: t0 + 5000,
    };
    const events = [start('real', 512, t0)];

    const plan = planObjectStates(events, [orphan]);

    expect(plan.merged).toEqual([
      { from: processKeyOf(1, 'alias'), into: processKeyOf(1, 'real') },
    ]);
    expect(plan.changed).toMatchObject([
      {
        key: processKeyOf(1, 'real'),
        state: 'TERMINATED',
        startedAt: t0,
        endedAt: t0 + 5000,
        lastEventId: 1,
      },
    ]);
  });

  it('keeps connections open while their process runs', () => {
    const connection = stateEvent({
      type: 'NETWORK',
      action: 'CONNECTED',
      processGuid: 'a',
      processPid: 1,
      protocol: 'tcp',
      localIp: '10.0.0.1',
      localPort: 5000,
      remoteIp: '203.0.113.7',
      remotePort: 443,
    });

    const plan = planObjectStates([start('a', 1, t0 - 10), connection], []);

    expect(byKey(plan.changed)['network|1|a|tcp|10.0.0.1|5000|203.0.113.7|443']).toMatchObject({
      state: 'OPEN',
      name: '203.0.113.7:443',
      processKey: processKeyOf(1, 'a'),
    });
  });

  it('gives files the state of their latest event, ties to the later arrival', () => {
    const file = (action: 'CREATED' | 'DELETED', at: number) =>
      stateEvent({ type: 'FILE', action, filePath: 'C:\\Temp\\BIT9584.tmp', time: at });
    const events = [
      file('CREATED', t0),
      file('DELETED', t0 + 10),
      file('CREATED', t0 + 10),
      file('DELETED', t0 + 5),
    ];

    const plan = planObjectStates(events, []);

    expect(plan.changed).toMatchObject([
      { key: 'file|1|c:\\temp\\bit9584.tmp', state: 'PRESENT', startedAt: t0, endedAt: null },
    ]);
    expect(plan.keys.map((key) => key.objectKey)).toEqual(
      new Array(4).fill('file|1|c:\\temp\\bit9584.tmp'),
    );
  });

  it('identifies a process without a GUID by its PID and start time', () => {
    const started = stateEvent({ processPid: 42, processName: 'agent.exe', time: t0 });
    const ended = stateEvent({ action: 'TERMINATED', processPid: 42, time: t0 + 100 });

    const plan = planObjectStates([started, ended], []);

    expect(plan.changed).toMatchObject([
      { key: `process|1|pid 42|${t0}`, state: 'TERMINATED', startedAt: t0, endedAt: t0 + 100 },
    ]);
    expect(plan.keys.map((key) => key.objectKey)).toEqual([
      `process|1|pid 42|${t0}`,
      `process|1|pid 42|${t0}`,
    ]);
  });

  it('gives DNS queries no object', () => {
    const query = stateEvent({ type: 'NETWORK', action: 'DNS_QUERY', remoteFqdn: 'c2.example' });

    expect(planObjectStates([query], [])).toMatchObject({
      keys: [{ objectKey: null }],
      changed: [],
    });
  });
});

describe(withClosedHandles.name, () => {
  const storedPipe = (guid: string, name: string): ObjectRecord => ({
    key: `mutex|1|${guid}|PIPE|${name}`,
    type: 'MUTEX',
    assetId: 1,
    state: 'OPEN',
    guid,
    pid: 7,
    parentGuid: null,
    parentPid: null,
    name,
    processKey: processKeyOf(1, guid),
    startedAt: t0 - 500,
    endedAt: null,
    firstEventId: 1,
    lastEventId: 1,
    lastTime: t0 - 500,
  });

  it('closes the stored handles of a terminated process at its end, and only those', () => {
    const plan = planObjectStates([end('a', 7, t0 + 5000)], []);
    const handles = [storedPipe('a', '\\one'), storedPipe('b', '\\two')];

    const records = withClosedHandles(plan, handles);

    expect(byKey(records)).toEqual({
      [processKeyOf(1, 'a')]: expect.objectContaining({ state: 'TERMINATED' }),
      'mutex|1|a|PIPE|\\one': { ...handles[0], state: 'CLOSED', endedAt: t0 + 5000 },
    });
    expect(handles[0]!.state).toBe('OPEN');
  });

  it("keeps the plan's own version of a handle the batch mentioned", () => {
    const plan = planObjectStates(
      [pipe('a', 7, t0 + 100, '\\one'), end('a', 7, t0 + 5000)],
      [storedPipe('a', '\\one')],
    );

    const records = withClosedHandles(plan, [storedPipe('a', '\\one')]);

    expect(records.filter((record) => record.type === 'MUTEX')).toMatchObject([
      { key: 'mutex|1|a|PIPE|\\one', state: 'CLOSED', endedAt: t0 + 5000, lastTime: t0 + 100 },
    ]);
  });
});

describe(aliveByPid.name, () => {
  const candidate = (startedAt: number | null, endedAt: number | null) => ({ startedAt, endedAt });

  it('picks the latest process started at or before the time and not ended before it', () => {
    const old = candidate(t0 - 100, t0 - 50);
    const running = candidate(t0 - 20, null);
    const later = candidate(t0 + 1, null);

    expect(aliveByPid([old, running, later], t0)).toBe(running);
    expect(aliveByPid([old, later], t0)).toBeNull();
    expect(aliveByPid([candidate(null, t0 + 5)], t0)).toBeNull();
  });
});

describe(objectKeyOf.name, () => {
  it('keys a registry rename by its new name', () => {
    const rename = stateEvent({
      type: 'REGISTRY',
      action: 'RENAMED',
      registryKey: 'HKLM\\Old',
      registryData: 'HKLM\\New',
    });

    expect(objectKeyOf(rename)).toBe('registry|1|hklm\\new');
  });
});
