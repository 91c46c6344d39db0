import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { hasSharedData, sysmonCapture } from '../../../test/harness/shared-data.js';
import { emptyEvent } from '../event.js';
import { readLine, type RecordOutcome } from './record.js';
import { readWindowsRecord } from './sysmon.js';

type Raw = Record<string, unknown>;

/** The first line of a capture whose record passes `test`. */
function realLine(capture: string, test: (record: Raw) => boolean): string {
  const lines = readFileSync(sysmonCapture(capture), 'utf8').split('\n');
  const line = lines.find((text) => text && test(JSON.parse(text) as Raw));
  if (!line) throw new Error(`no such line in ${capture}`);
  return line;
}

function eventOf(outcome: RecordOutcome) {
  if (outcome.kind !== 'event')
    throw new Error(`expected an event, got ${JSON.stringify(outcome)}`);
  return outcome.event;
}

const sysmon = (id: number) => (record: Raw) =>
  record.Channel === 'Microsoft-Windows-Sysmon/Operational' && record.EventID === id;

describe.skipIf(!hasSharedData)(readWindowsRecord.name, () => {
  it('reads a Winlogbeat process creation with its parent, hashes and UtcTime', () => {
    const line = realLine('aptsimulator_cobaltstrike', sysmon(1));

    const event = eventOf(readLine(line));

    expect(event).toEqual({
      ...emptyEvent({
        time: Date.parse('2021-06-12T01:07:15.633Z'),
        type: 'PROCESS',
        action: 'STARTED',
        source: 'sysmon',
        hostname: 'WORKSTATION5',
        raw: line,
      }),
      sourceEventId: 1,
      platform: 'Windows',
      processName: 'PING.EXE',
      processPath: 'C:\\Windows\\System32\\PING.EXE',
      processPid: 2164,
      processCommandLine: 'ping  -n 3 127.0.0.1 ',
      processUser: 'WORKSTATION5\\APT-Simulator',
      processGuid: 'e2c04bb9-08c3-60c4-1c17-400100000000',
      processIntegrity: 'High',
      processMd5: 'f3f3d2b0196b9a00e91838888e76b5f6',
      processSha256: 'e9ef80a7849f1cf02cb5fb8396ff9e270cb9006f30294a52c6490a72b373be00',
      parentName: 'cmd.exe',
      parentPath: 'C:\\Windows\\System32\\cmd.exe',
      parentPid: 5632,
      parentCommandLine: '"C:\\Windows\\system32\\cmd.exe" ',
      parentGuid: 'e2c04bb9-d0f0-60c3-48da-ec0000000000',
    });
  });

  it('puts this host on the local side of an inbound connection', () => {
    const line = realLine(
      'covenant_psremoting_grunt',
      (record) => sysmon(3)(record) && record.Initiated === 'false' && record.Image !== 'System',
    );

    expect(eventOf(readLine(line))).toMatchObject({
      type: 'NETWORK',
      action: 'CONNECTED',
      direction: 'INBOUND',
      hostname: 'HFDC01.shire.com',
      processName: 'lsass.exe',
      protocol: 'tcp',
      localIp: '172.18.39.5',
      localPort: 389,
      remoteIp: '172.18.39.105',
      remotePort: 50633,
      remoteFqdn: 'ip-172-18-39-105.ec2.internal',
    });
  });

  it('puts the destination on the remote side of an outbound connection', () => {
    const line = realLine(
      'cmd_bitsadmin_download_psh_script',
      (record) => sysmon(3)(record) && record.DestinationPort === '443',
    );

    expect(eventOf(readLine(line))).toMatchObject({
      direction: 'OUTBOUND',
      localIp: '192.168.2.5',
      remoteIp: '151.101.208.133',
      remotePort: 443,
      processName: 'svchost.exe',
      processPid: 4696,
    });
  });

  it("takes an nxlog record's pid from its message and decodes its XML entities", () => {
    const line = realLine(
      'covenant_psremoting_grunt',
      (record) => sysmon(17)(record) && record.PipeName === '&lt;Anonymous Pipe&gt;',
    );
    const record = JSON.parse(line) as Raw;

    const event = eventOf(readLine(line));

    expect(record.ProcessID).toBe(3144);
    expect(event).toMatchObject({
      type: 'MUTEX',
      action: 'CREATED',
      handleName: '<Anonymous Pipe>',
      handleKind: 'PIPE',
      processPid: 4676,
      processName: 'wsmprovhost.exe',
      time: Date.parse('2019-12-05T01:50:07.469Z'),
    });
  });

  it('reads registry deletions from EventType and value names from the target', () => {
    const deleted = realLine(
      'aptsimulator_cobaltstrike',
      (record) => sysmon(12)(record) && record.EventType === 'DeleteKey',
    );
    const set = realLine('aptsimulator_cobaltstrike', sysmon(13));

    expect(eventOf(readLine(deleted))).toMatchObject({ type: 'REGISTRY', action: 'KEY_DELETED' });
    expect(eventOf(readLine(set))).toMatchObject({
      type: 'REGISTRY',
      action: 'VALUE_SET',
      registryKey:
        'HKLM\\System\\CurrentControlSet\\Services\\bam\\State\\UserSettings\\S-1-5-21-315269454-3320600716-4144796452-500\\\\Device\\HarddiskVolume2\\TMP\\CreateNamedPipe.exe',
      registryValueName: 'CreateNamedPipe.exe',
      registryData: 'Binary Data',
    });
  });

  it('reads DNS queries, file creations and deletions, and terminations', () => {
    const dns = realLine('cmd_bitsadmin_download_psh_script', sysmon(22));
    const created = realLine('aptsimulator_cobaltstrike', sysmon(11));
    const deleted = realLine('aptsimulator_cobaltstrike', sysmon(26));
    const ended = realLine('aptsimulator_cobaltstrike', sysmon(5));

    expect(eventOf(readLine(dns))).toMatchObject({
      type: 'NETWORK',
      action: 'DNS_QUERY',
      remoteFqdn: 'localhost',
    });
    expect(eventOf(readLine(created))).toMatchObject({
      type: 'FILE',
      action: 'CREATED',
      filePath: 'C:\\Windows\\Prefetch\\PING.EXE-7E94E73E.pf',
      fileName: 'PING.EXE-7E94E73E.pf',
    });
    expect(eventOf(readLine(deleted))).toMatchObject({
      type: 'FILE',
      action: 'DELETED',
      fileMd5: '4f23a9ee17a6bc54d6d3eb23d6dfb6d1',
    });
    expect(eventOf(readLine(ended))).toMatchObject({
      type: 'PROCESS',
      action: 'TERMINATED',
      processPid: 2164,
      processGuid: 'e2c04bb9-08c3-60c4-7809-000000000300',
    });
  });

  it('skips Security, System and unmapped Sysmon events with their reason', () => {
    const security = realLine(
      'aptsimulator_cobaltstrike',
      (record) => record.Channel === 'Security' && record.EventID === 4688,
    );
    const system = realLine('aptsimulator_cobaltstrike', (record) => record.Channel === 'System');
    const imageLoad = realLine('psh_lsass_memory_dump_comsvcs', sysmon(7));

    expect(readLine(security)).toEqual({
      kind: 'skipped',
      reason:
        'Security event 4688 (process created) is not stored: Sysmon event 1 reports the same activity',
    });
    expect(readLine(system)).toEqual({
      kind: 'skipped',
      reason: 'System event 7045 is not stored: only Sysmon events are',
    });
    expect(readLine(imageLoad)).toEqual({
      kind: 'skipped',
      reason: 'Sysmon event 7 (image loaded) is not stored: the event model has no module objects',
    });
  });

  it('reads the nested Winlogbeat shape like the flat one', () => {
    const line = realLine('aptsimulator_cobaltstrike', sysmon(1));
    const { Channel, EventID, Hostname, ...data } = JSON.parse(line) as Raw;
    const nested = {
      '@timestamp': data['@timestamp'],
      host: { name: 'ignored-when-computer-name-is-set' },
      winlog: {
        channel: Channel,
        event_id: EventID,
        computer_name: Hostname,
        provider_name: 'Microsoft-Windows-Sysmon',
        process: { pid: 3044 },
        event_data: data,
      },
    };

    const flat = eventOf(readLine(line));
    const event = eventOf(readWindowsRecord(nested, 'nested'));

    expect({ ...event, raw: line }).toEqual(flat);
  });

  it('spells GUIDs in lower case without braces however they arrive', () => {
    const record = JSON.parse(realLine('aptsimulator_cobaltstrike', sysmon(1))) as Raw;
    record.ProcessGuid = 'E2C04BB9-08C3-60C4-1C17-400100000000';
    record.ParentProcessGuid = '{E2C04BB9-D0F0-60C3-48DA-EC0000000000}';

    expect(eventOf(readWindowsRecord(record, ''))).toMatchObject({
      processGuid: 'e2c04bb9-08c3-60c4-1c17-400100000000',
      parentGuid: 'e2c04bb9-d0f0-60c3-48da-ec0000000000',
    });
  });

  it.each([
    [{ ProcessId: '-5' }, 'ProcessId must be a whole number from 0 to 2147483647; got "-5"'],
    [
      { ParentProcessId: 4294967296 },
      'ParentProcessId must be a whole number from 0 to 2147483647; got 4294967296',
    ],
    [{ Image: 42 }, 'Image must be a string; got 42'],
    [{ CommandLine: ['ping'] }, 'CommandLine must be a string; got an array'],
    [{ Hostname: { name: 'WS' } }, 'Hostname must be a string; got an object'],
    [
      { UtcTime: '1601-01-01 00:00:00.000' },
      'UtcTime is out of range (1970-01-01 to 9999-12-31): "1601-01-01 00:00:00.000"',
    ],
    [
      { UtcTime: '9999-12-31 23:00:00.000-05:00' },
      'UtcTime is out of range (1970-01-01 to 9999-12-31): "9999-12-31 23:00:00.000-05:00"',
    ],
  ])('rejects a process creation with %j: %s', (overrides, reason) => {
    const record = JSON.parse(realLine('aptsimulator_cobaltstrike', sysmon(1))) as Raw;

    expect(readWindowsRecord({ ...record, ...overrides }, '')).toEqual({
      kind: 'rejected',
      reason,
    });
  });

  it('rejects a connection whose port is out of range', () => {
    const record = JSON.parse(realLine('aptsimulator_cobaltstrike', sysmon(3))) as Raw;

    expect(readWindowsRecord({ ...record, DestinationPort: '65536' }, '')).toEqual({
      kind: 'rejected',
      reason: 'DestinationPort must be a port from 0 to 65535; got "65536"',
    });
  });

  it.each([
    [{ event_data: 'oops' }, 'winlog.event_data must be an object; got "oops"'],
    [{ computer_name: 42 }, 'winlog.computer_name must be a string; got 42'],
    [{ computer_name: null }, 'winlog.computer_name is missing'],
    [{ event_id: 'one' }, 'winlog.event_id is not a number: "one"'],
    [{ channel: ['Sysmon'] }, 'winlog.channel must be a string; got an array'],
    [
      { event_data: { Image: 'C:\\x.exe', ProcessId: '-5' } },
      'winlog.event_data.ProcessId must be a whole number from 0 to 2147483647; got "-5"',
    ],
    [
      { event_data: { UtcTime: '1601-01-01 00:00:00.000' } },
      'winlog.event_data.UtcTime is out of range (1970-01-01 to 9999-12-31): ' +
        '"1601-01-01 00:00:00.000"',
    ],
  ])('rejects a nested Winlogbeat record with winlog %j: %s', (overrides, reason) => {
    const record = {
      '@timestamp': '2024-09-15T01:30:00.000Z',
      winlog: {
        channel: 'Microsoft-Windows-Sysmon/Operational',
        event_id: 1,
        computer_name: 'WL-1',
        event_data: { Image: 'C:\\Windows\\System32\\cmd.exe' },
        ...overrides,
      },
    };

    expect(readWindowsRecord(record, '')).toEqual({ kind: 'rejected', reason });
  });

  it('names a field nxlog keeps only in its message by where it is', () => {
    const record = JSON.parse(realLine('covenant_psremoting_grunt', sysmon(3))) as Raw;
    const message = String(record.Message).replace(/ProcessId: \d+/, 'ProcessId: -5');

    expect(readWindowsRecord({ ...record, Message: message }, '')).toEqual({
      kind: 'rejected',
      reason: 'ProcessId in Message must be a whole number from 0 to 2147483647; got "-5"',
    });
  });

  it('rejects a record whose EventID is not a number', () => {
    expect(readWindowsRecord({ Channel: 'Security', EventID: 'four' }, '')).toEqual({
      kind: 'rejected',
      reason: 'EventID is not a number: "four"',
    });
  });
});
