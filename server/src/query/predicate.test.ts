import { describe, expect, it } from 'vitest';

import { createEvent } from '../../test/query/factories.js';
import type { StoredEvent } from '../events/event.js';
import { alertCatalogue, ruleCatalogue, type RuleSearchRecord } from './list-catalogues.js';
import { parseQuery } from './parser.js';
import { compilePredicate } from './predicate.js';

const powershell = createEvent({
  id: 1,
  processName: 'PowerShell.exe',
  processPath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  processCommandLine: 'powershell.exe -NoP -Enc SQBFAFgA',
  processPid: 4688,
  processGuid: 'e2c04bb9-08c3-60c4-1c17-400100000000',
  parentName: 'mshta.exe',
  time: Date.UTC(2024, 8, 15, 23, 59, 59, 999),
});
const connection = createEvent({
  id: 2,
  type: 'NETWORK',
  action: 'CONNECTED',
  processName: 'svchost.exe',
  remoteIp: '10.1.2.3',
  remotePort: 5985,
  localIp: 'fe80::1',
  time: Date.UTC(2024, 8, 16, 0, 0, 0, 0),
});
const mapped = createEvent({
  id: 3,
  type: 'NETWORK',
  action: 'CONNECTED',
  remoteIp: '::ffff:10.9.9.9',
  remotePort: 443,
  processName: 'ÉCOLE.exe',
});
const odd = createEvent({
  id: 4,
  type: 'FILE',
  action: 'CREATED',
  filePath: 'C:\\temp\\100%_done\\a*b?.txt',
  fileName: '',
  processName: null,
});
const events = [powershell, connection, mapped, odd];

function matching(text: string, records: readonly StoredEvent[] = events): number[] {
  const predicate = compilePredicate(parseQuery(text));
  return records.filter(predicate).map((event) => event.id);
}

describe(compilePredicate.name, () => {
  it('matches everything for an empty query', () => {
    expect(matching('')).toEqual([1, 2, 3, 4]);
  });

  it('compares text ignoring ASCII case only', () => {
    expect(matching('process.name: powershell.EXE')).toEqual([1]);
    expect(matching('process.name: école.exe')).toEqual([]);
    expect(matching('process.name: ÉCOLE.EXE')).toEqual([3]);
    expect(matching('process.name: Écol?.exe')).toEqual([3]);
  });

  it('matches exact values case and all', () => {
    expect(matching('process.name: `PowerShell.exe`')).toEqual([1]);
    expect(matching('process.name: `powershell.exe`')).toEqual([]);
  });

  it('matches prefix, suffix, contains and general patterns', () => {
    expect(matching('process.name: power*')).toEqual([1]);
    expect(matching('process.name: *.EXE')).toEqual([1, 2, 3]);
    expect(matching('process.commandLine: *-enc*')).toEqual([1]);
    expect(matching('process.path: c:\\windows\\*\\power?hell.exe')).toEqual([1]);
    expect(matching('process.name: ?vchost.exe')).toEqual([2]);
    expect(matching('process.name: ??')).toEqual([]);
  });

  it('treats %, _ and \\ as ordinary characters', () => {
    expect(matching('file.fullPath: *100%_done\\*')).toEqual([4]);
    expect(matching('file.fullPath: *100__done*')).toEqual([]);
    expect(matching('file.fullPath: `C:\\temp\\100%_done\\a*b?.txt`')).toEqual([4]);
  });

  it('lets * and ? match literal * and ? too', () => {
    expect(matching('file.fullPath: *a?b?.txt')).toEqual([4]);
  });

  it('matches empty strings but never absent values', () => {
    expect(matching('file.name: ""')).toEqual([4]);
    expect(matching('file.name: *')).toEqual([4]);
    expect(matching('process.name: *')).toEqual([1, 2, 3]);
    expect(matching('not process.name: *')).toEqual([4]);
    expect(matching('not process.name: cmd.exe')).toEqual([1, 2, 3, 4]);
  });

  it('compares numbers and ranges', () => {
    expect(matching('network.remote.address.port: 5985')).toEqual([2]);
    expect(matching('destination.port > 443')).toEqual([2]);
    expect(matching('destination.port >= 443')).toEqual([2, 3]);
    expect(matching('destination.port: (443..5985)')).toEqual([]);
    expect(matching('destination.port: [443..5985)')).toEqual([3]);
    expect(matching('destination.port: (443, 80)')).toEqual([3]);
  });

  it('reads a date as the whole day in comparisons and ranges', () => {
    expect(matching('event.datetime: 2024-09-15 and type: PROCESS')).toEqual([1]);
    expect(matching('event.datetime > 2024-09-15')).toEqual([2]);
    expect(matching('event.datetime <= 2024-09-15 and process.pid: *')).toEqual([1]);
    expect(matching('event.datetime: [2024-09-16..2024-09-16]')).toEqual([2]);
    expect(
      matching('event.datetime: ["2024-09-15T23:59:59.999Z".."2024-09-16T00:00:00Z")'),
    ).toEqual([1]);
    expect(matching('event.datetime > "2024-09-16T01:00:00+01:00"')).toEqual([]);
    expect(matching('event.datetime >= "2024-09-16T01:00:00+0100"')).toEqual([2]);
  });

  it('matches IP addresses by CIDR block and across IPv4 and IPv6 forms', () => {
    expect(matching('destination.ip: 10.0.0.0/8')).toEqual([2, 3]);
    expect(matching('destination.ip: 10.9.9.9')).toEqual([3]);
    expect(matching('destination.ip: ::ffff:10.1.2.3')).toEqual([2]);
    expect(matching('destination.ip: ::ffff:0:0/96')).toEqual([2, 3]);
    expect(matching('network.local.address.ip: fe80::/10')).toEqual([2]);
    expect(matching('network.local.address.ip: FE80:0::0001')).toEqual([2]);
    expect(matching('destination.ip: 10.1.*')).toEqual([2]);
    expect(matching('destination.ip: [10.0.0.0..10.5.0.0]')).toEqual([2]);
  });

  it('compares GUIDs without braces or case', () => {
    expect(matching('process.guid: {E2C04BB9-08C3-60C4-1C17-400100000000}')).toEqual([1]);
    expect(matching('process.guid: E2C04BB9-*')).toEqual([1]);
  });

  it('combines terms with NOT, AND and OR', () => {
    expect(matching('type: NETWORK and not destination.port: 443 or file.name: *')).toEqual([2, 4]);
    expect(matching('type: NETWORK and not (destination.port: 443 or file.name: *)')).toEqual([2]);
    expect(matching('type: network destination.port: 443')).toEqual([3]);
  });

  it('searches the default fields for a bare value, as contains', () => {
    expect(matching('mshta')).toEqual([]);
    expect(matching('-enc')).toEqual([1]);
    expect(matching('"100%_done"')).toEqual([4]);
    expect(matching('ws-01')).toEqual([1, 2, 3, 4]);
  });

  it('gives the same answer when a field is read by several terms', () => {
    const query =
      'process.commandLine: *-nop* and process.commandLine: *sqbf* and not process.commandLine: *zz*';
    const predicate = compilePredicate(parseQuery(query));
    expect([predicate(powershell), predicate(connection), predicate(powershell)]).toEqual([
      true,
      false,
      true,
    ]);
  });

  it('reads list records through the catalogue, any of several related values', () => {
    const rule: RuleSearchRecord = {
      id: 7,
      name: 'Encoded PowerShell',
      description: '',
      query: 'process.commandLine: *-enc*',
      enabled: false,
      severity: 'HIGH',
      triggerType: 'SINGLE_MATCH',
      groupBy: null,
      lastTriggeredAt: null,
      createdAt: new Date(Date.UTC(2024, 0, 2)),
      updatedAt: new Date(Date.UTC(2024, 0, 3)),
      actions: [{ action: { name: 'Page on-call' } }, { action: { name: 'Mail SOC' } }],
    };
    const rules = (text: string) => compilePredicate(parseQuery(text, ruleCatalogue))(rule);

    expect(rules('state: disabled and severity: high')).toBe(true);
    expect(rules('state: enabled')).toBe(false);
    expect(rules('action.name: "mail soc"')).toBe(true);
    expect(rules('not action.name: slack*')).toBe(true);
    expect(rules('created: 2024-01-02 and updated > 2024-01-02')).toBe(true);
    expect(rules('lastTriggered: *')).toBe(false);
    expect(rules('powershell')).toBe(true);

    const alert = {
      id: 1,
      ruleId: 7,
      ruleName: 'Encoded PowerShell',
      severity: 'HIGH',
      triggerType: 'SINGLE_MATCH',
      groupKey: null,
      title: 'Encoded PowerShell on WS-01',
      matchCount: 1,
      createdAt: new Date(0),
      deliveries: [
        { status: 'SUCCESS', action: { name: 'Mail SOC', type: 'email' } },
        { status: 'FAILED', action: { name: 'Page on-call', type: 'pagerduty' } },
      ],
      events: [{ event: { hostname: 'WS-01' } }],
    };
    const alerts = (text: string) => compilePredicate(parseQuery(text, alertCatalogue))(alert);
    expect(alerts('status: failed and action.type: email')).toBe(true);
    expect(alerts('not status: pending')).toBe(true);
    expect(alerts('asset.hostname: ws-0?')).toBe(true);
  });
});
