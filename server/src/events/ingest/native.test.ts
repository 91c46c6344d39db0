import { describe, expect, it } from 'vitest';

import { readNativeRecord } from './native.js';
import { readLine } from './record.js';

type Raw = Record<string, unknown>;

/** A native network event with every group filled; `overrides` replace top-level fields. */
function nativeNetwork(overrides: Raw = {}): Raw {
  return {
    dateTime: '2024-09-15T00:30:00.000+0000',
    type: 'NETWORK',
    action: 'CONNECTED',
    eventSource: 'EDR',
    asset: { agentId: 'agent-42', hostName: 'WS-042', platform: 'Windows' },
    actor: {
      processName: 'powershell.exe',
      processId: 4242,
      imageFullPath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      guid: '{0A0B0C0D-0000-0000-0000-000000000042}',
      userName: 'CORP\\alice',
    },
    network: {
      protocol: 'TCP',
      direction: 'outbound',
      local: { address: { ip: '10.0.0.42', port: 50123 } },
      remote: { address: { ip: '203.0.113.7', port: '443', fqdn: 'c2.example' } },
    },
    indicator2: [
      { score: '3', verdict: 'SUSPICIOUS', threatName: 'Odd traffic' },
      { score: '8', verdict: 'MALICIOUS', threatName: 'Beacon' },
    ],
    ...overrides,
  };
}

describe(readNativeRecord.name, () => {
  it('reads a network event with its acting process and the highest indicator', () => {
    const outcome = readLine(JSON.stringify(nativeNetwork()));

    expect(outcome).toMatchObject({
      kind: 'event',
      event: {
        time: Date.parse('2024-09-15T00:30:00.000Z'),
        type: 'NETWORK',
        action: 'CONNECTED',
        source: 'native',
        hostname: 'WS-042',
        agentId: 'agent-42',
        platform: 'Windows',
        processName: 'powershell.exe',
        processPid: 4242,
        processGuid: '0a0b0c0d-0000-0000-0000-000000000042',
        processUser: 'CORP\\alice',
        protocol: 'tcp',
        direction: 'OUTBOUND',
        localIp: '10.0.0.42',
        localPort: 50123,
        remoteIp: '203.0.113.7',
        remotePort: 443,
        remoteFqdn: 'c2.example',
        score: 8,
        verdict: 'MALICIOUS',
        threatName: 'Beacon',
      },
    });
  });

  it('reads a process start with its parent from process.parent or from the actor', () => {
    const process = { pid: 77, name: 'cmd.exe', arguments: 'cmd /c whoami', parentPid: 42 };
    const withParent = readNativeRecord(
      nativeNetwork({
        type: 'PROCESS',
        action: 'STARTED',
        process: { ...process, parent: { name: 'explorer.exe', guid: 'AB-CD' } },
      }),
      '',
    );
    const fromActor = readNativeRecord(
      nativeNetwork({ type: 'PROCESS', action: 'started', process: { pid: 77, name: 'cmd.exe' } }),
      '',
    );

    expect(withParent).toMatchObject({
      kind: 'event',
      event: {
        processName: 'cmd.exe',
        processPid: 77,
        processCommandLine: 'cmd /c whoami',
        parentPid: 42,
        parentName: 'explorer.exe',
        parentGuid: 'ab-cd',
      },
    });
    expect(fromActor).toMatchObject({
      kind: 'event',
      event: {
        action: 'STARTED',
        parentName: 'powershell.exe',
        parentPid: 4242,
        parentGuid: '0a0b0c0d-0000-0000-0000-000000000042',
      },
    });
  });

  it('reads files, registry values and handles', () => {
    const file = readNativeRecord(
      nativeNetwork({
        type: 'FILE',
        action: 'CREATED',
        file: { fullPath: 'C:\\Temp\\drop.ps1', hash: { md5: 'ABC', sha256: 'DEF' } },
      }),
      '',
    );
    const registry = readNativeRecord(
      nativeNetwork({
        type: 'REGISTRY',
        action: 'VALUE_SET',
        registry: { key: 'HKLM\\Run\\x', valueName: 'x', data: 'evil.exe' },
      }),
      '',
    );
    const pipe = readNativeRecord(
      nativeNetwork({
        type: 'MUTEX',
        action: 'CREATED',
        handle: { name: '\\msagent_1', kind: 'pipe' },
      }),
      '',
    );

    expect(file).toMatchObject({
      event: {
        filePath: 'C:\\Temp\\drop.ps1',
        fileName: 'drop.ps1',
        fileMd5: 'abc',
        fileSha256: 'def',
      },
    });
    expect(registry).toMatchObject({
      event: { registryKey: 'HKLM\\Run\\x', registryValueName: 'x', registryData: 'evil.exe' },
    });
    expect(pipe).toMatchObject({ event: { handleName: '\\msagent_1', handleKind: 'PIPE' } });
  });

  it.each([
    [{ dateTime: undefined }, 'dateTime is missing'],
    [{ dateTime: '15/09/2024' }, 'dateTime is not a time: "15/09/2024"'],
    [
      { type: 'THREAD' },
      'type must be one of PROCESS, FILE, NETWORK, MUTEX, REGISTRY; got "THREAD"',
    ],
    [
      { action: 'STARTED' },
      'action of a NETWORK event must be one of CONNECTED, DNS_QUERY; got "STARTED"',
    ],
    [{ asset: { agentId: 'a' } }, 'asset.hostName is missing'],
    [
      { indicator2: [{ score: '11' }] },
      'indicator2[0].score must be a whole number from 0 to 10; got "11"',
    ],
    [{ indicator2: { score: '1' } }, 'indicator2 must be an array'],
    [
      { actor: { processId: 'x' } },
      'actor.processId must be a whole number from 0 to 2147483647; got "x"',
    ],
    [
      { actor: { pid: 2147483648 } },
      'actor.pid must be a whole number from 0 to 2147483647; got 2147483648',
    ],
    [
      { actor: { processId: '-5' } },
      'actor.processId must be a whole number from 0 to 2147483647; got "-5"',
    ],
    [{ actor: { processName: ['a.exe'] } }, 'actor.processName must be a string; got an array'],
    [{ actor: 'powershell.exe' }, 'actor must be an object; got "powershell.exe"'],
    [{ asset: 'WS-1' }, 'asset must be an object; got "WS-1"'],
    [{ asset: { hostName: 42 } }, 'asset.hostName must be a string; got 42'],
    [{ asset: { hostName: 'WS-1', agentId: true } }, 'asset.agentId must be a string; got true'],
    [
      { network: { remote: { address: { fqdn: { name: 'c2' } } } } },
      'network.remote.address.fqdn must be a string; got an object',
    ],
    [{ network: { local: [] } }, 'network.local must be an object; got an array'],
    [{ indicator2: [{ score: 1, verdict: 7 }] }, 'indicator2[0].verdict must be a string; got 7'],
    [
      { dateTime: -1e17 },
      'dateTime is out of range (1970-01-01 to 9999-12-31): -100000000000000000',
    ],
    [
      { dateTime: 1e20 },
      'dateTime is out of range (1970-01-01 to 9999-12-31): 100000000000000000000',
    ],
    [
      { dateTime: 8640000000000001 },
      'dateTime is out of range (1970-01-01 to 9999-12-31): 8640000000000001',
    ],
    [
      { dateTime: 253402300800000 },
      'dateTime is out of range (1970-01-01 to 9999-12-31): 253402300800000',
    ],
    [{ dateTime: -1 }, 'dateTime is out of range (1970-01-01 to 9999-12-31): -1'],
    [
      { dateTime: '1969-12-31T23:59:59.999Z' },
      'dateTime is out of range (1970-01-01 to 9999-12-31): "1969-12-31T23:59:59.999Z"',
    ],
    [
      { dateTime: '253402300800000' },
      'dateTime is out of range (1970-01-01 to 9999-12-31): "253402300800000"',
    ],
    [
      { dateTime: 1726360200000.5 },
      'dateTime is not a whole number of milliseconds: 1726360200000.5',
    ],
    [{ dateTime: true }, 'dateTime is not a time: true'],
    [
      { network: { remote: { address: { port: 70000 } } } },
      'network.remote.address.port must be a port from 0 to 65535; got 70000',
    ],
    [
      { network: { direction: 'sideways' } },
      'network.direction must be INBOUND or OUTBOUND; got "SIDEWAYS"',
    ],
  ])('rejects %j: %s', (overrides, reason) => {
    expect(readNativeRecord(nativeNetwork(overrides), '')).toEqual({ kind: 'rejected', reason });
  });

  it.each([
    ['PROCESS', 'STARTED', 'process'],
    ['NETWORK', 'CONNECTED', 'network'],
    ['NETWORK', 'DNS_QUERY', 'network'],
    ['FILE', 'CREATED', 'file'],
    ['REGISTRY', 'VALUE_SET', 'registry'],
    ['MUTEX', 'CREATED', 'handle'],
  ])('rejects a %s %s event without its %s group, or with an empty one', (type, action, group) => {
    const groups = {
      process: { name: 'a.exe', pid: 1 },
      network: { protocol: 'tcp' },
      file: { fullPath: 'C:\\x.txt' },
      registry: { key: 'HKLM\\Run\\x' },
      handle: { name: 'm' },
    };
    const record = nativeNetwork({ type, action, ...groups });
    const reason = `${group} is missing: a ${type} event needs one`;

    expect(readNativeRecord(record, '')).toMatchObject({ kind: 'event' });
    expect(readNativeRecord({ ...record, [group]: undefined }, '')).toEqual({
      kind: 'rejected',
      reason,
    });
    expect(readNativeRecord({ ...record, [group]: {} }, '')).toEqual({
      kind: 'rejected',
      reason,
    });
  });

  it('takes process for the acting process of a FILE event and rejects one with neither', () => {
    const file = { type: 'FILE', action: 'CREATED', file: { fullPath: 'C:\\x.txt' } };
    const withProcess = nativeNetwork({ ...file, actor: undefined, process: { pid: 7 } });
    const withNeither = nativeNetwork({ ...file, actor: undefined });

    expect(readNativeRecord(withProcess, '')).toMatchObject({
      kind: 'event',
      event: { processPid: 7, filePath: 'C:\\x.txt' },
    });
    expect(readNativeRecord(withNeither, '')).toEqual({
      kind: 'rejected',
      reason: 'actor is missing: a FILE event needs the process that acted',
    });
  });

  it.each([
    [{ eventSource: 5 }, 'eventSource must be a string; got 5'],
    [{ file: { fullPath: 7 } }, 'file.fullPath must be a string; got 7'],
    [{ registry: { data: true } }, 'registry.data must be a string; got true'],
    [{ handle: { kind: ['PIPE'] } }, 'handle.kind must be a string; got an array'],
    [
      { process: { parent: { pid: -1 } } },
      'process.parent.pid must be a whole number from 0 to ' + '2147483647; got -1',
    ],
    [{ process: { hash: 'abc' } }, 'process.hash must be an object; got "abc"'],
  ])('rejects %j even where the event type does not read it: %s', (overrides, reason) => {
    expect(readNativeRecord(nativeNetwork(overrides), '')).toEqual({ kind: 'rejected', reason });
  });

  it('rejects a wrong kind in the actor of a process termination, which reads no actor', () => {
    const record = nativeNetwork({
      type: 'PROCESS',
      action: 'TERMINATED',
      process: { pid: 4242 },
      actor: { processName: 5 },
    });

    expect(readNativeRecord(record, '')).toEqual({
      kind: 'rejected',
      reason: 'actor.processName must be a string; got 5',
    });
  });

  it.each([
    [0, '1970-01-01T00:00:00.000Z'],
    [253402300799999, '9999-12-31T23:59:59.999Z'],
    ['1726360200000', '2024-09-15T00:30:00.000Z'],
    [' 1726360200000 ', '2024-09-15T00:30:00.000Z'],
  ])('reads the dateTime %j as %s', (dateTime, iso) => {
    const outcome = readNativeRecord(nativeNetwork({ dateTime }), '');

    expect(outcome.kind === 'event' && new Date(outcome.event.time).toISOString()).toBe(iso);
  });

  it('keeps a NUL inside a string as U+FFFD, and numeric registry data as its digits', () => {
    const process = readNativeRecord(
      nativeNetwork({ type: 'PROCESS', action: 'STARTED', process: { name: 'a\u0000b.exe' } }),
      '',
    );
    const registry = readNativeRecord(
      nativeNetwork({ type: 'REGISTRY', action: 'VALUE_SET', registry: { key: 'k', data: 1 } }),
      '',
    );

    expect(process).toMatchObject({ kind: 'event', event: { processName: 'a\ufffdb.exe' } });
    expect(registry).toMatchObject({ kind: 'event', event: { registryData: '1' } });
  });

  it('rejects a process whose name is not a string', () => {
    const line =
      '{"dateTime":1726360200000,"type":"PROCESS","action":"STARTED",' +
      '"asset":{"hostName":"WS-1"},"process":{"name":["a.exe"]}}';

    expect(readLine(line)).toEqual({
      kind: 'rejected',
      reason: 'process.name must be a string; got an array',
    });
  });

  it('rejects what is neither a Windows record nor a native event', () => {
    expect(readLine('{"message":"hello"}')).toEqual({
      kind: 'rejected',
      reason:
        'not a recognised event: expected a Windows event log record (EventID and Channel) ' +
        'or a native event (type and dateTime)',
    });
  });
});
