import { createReadStream } from 'node:fs';

import { emptyEvent, type NormalizedEvent, type StoredEvent } from '../../src/events/event.js';
import { eventColumnList, rowToEvent } from '../../src/events/event.row.js';
import { IngestService } from '../../src/events/ingest/ingest.service.js';
import { silentLogger } from '../../src/logger.js';
import type { Queryable } from '../../src/store/db.js';
import type { Store } from '../../src/store/store.js';
import { captureNames, sysmonCapture } from '../harness/shared-data.js';

const receivedAt = Date.UTC(2024, 0, 1);

/** Stores the four Sysmon captures through ingest, in the order of `captureNames`. */
export async function loadCaptures(store: Store): Promise<void> {
  const ingest = createIngest(store);
  for (const name of captureNames) {
    const result = await ingest.ingestStream(createReadStream(sysmonCapture(name)));
    if (result.stopped) throw result.stopped;
  }
}

/** Stores events built in the test, after whatever the store holds. */
export async function storeEvents(store: Store, events: readonly NormalizedEvent[]): Promise<void> {
  await createIngest(store).storeEvents(events);
}

/** Every stored event, by id. */
export async function readAllEvents(db: Queryable): Promise<StoredEvent[]> {
  const rows = await db.all(`SELECT ${eventColumnList()} FROM events ORDER BY id`);
  return rows.map(rowToEvent);
}

/**
 * Events with the values that tell stores apart: empty strings, non-ASCII text, LIKE's
 * special characters, wildcards stored as text, case variants, IPv4 in IPv6 form,
 * addresses that are not addresses, numeric strings, line breaks.
 */
export function edgeEvents(): NormalizedEvent[] {
  const time = Date.UTC(2024, 8, 15, 12, 0, 0);
  const base = (n: number, type: NormalizedEvent['type'], action: NormalizedEvent['action']) =>
    emptyEvent({
      time: time + n * 1000,
      type,
      action,
      source: 'native',
      hostname: 'Edge-Host',
      raw: '{}',
    });

  return [
    {
      ...base(0, 'PROCESS', 'STARTED'),
      processName: '',
      processPath: 'C:\\Temp\\100%_done\\a*b?.exe',
      processCommandLine: 'cmd /c echo 50% off_now \\\\server\\share',
      processPid: 0,
      processGuid: '0a0b0c0d-0000-0000-0000-000000000001',
      processUser: 'NT AUTHORITY\\SYSTEM',
    },
    {
      ...base(1, 'PROCESS', 'STARTED'),
      processName: 'PowerShell.EXE',
      processPath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\POWERSHELL.exe',
      processCommandLine: 'line1\nline2 "quoted" `tick` ÉCOLE straße 😀',
      processPid: 4688,
      processGuid: '0a0b0c0d-0000-0000-0000-000000000002',
      parentName: 'Straße.exe',
      parentPid: 0,
    },
    {
      ...base(2, 'NETWORK', 'CONNECTED'),
      processName: 'svchost.exe',
      processGuid: '0a0b0c0d-0000-0000-0000-000000000002',
      remoteIp: '::ffff:10.0.0.5',
      remotePort: 0,
      localIp: '10.0.0.6',
      localPort: 49152,
      remoteFqdn: 'Example.COM',
      protocol: 'TCP',
    },
    {
      ...base(3, 'NETWORK', 'CONNECTED'),
      processName: 'svchost.exe',
      processGuid: '0a0b0c0d-0000-0000-0000-000000000002',
      remoteIp: '2001:DB8::1',
      remotePort: 443,
      localIp: 'fe80::1',
      localPort: 50000,
      remoteFqdn: '',
      protocol: 'tcp',
    },
    {
      ...base(4, 'NETWORK', 'CONNECTED'),
      processGuid: '0a0b0c0d-0000-0000-0000-000000000001',
      remoteIp: 'not-an-ip',
      remotePort: 65535,
      localIp: '',
    },
    {
      ...base(5, 'FILE', 'CREATED'),
      filePath: 'C:\\Users\\ÜSER\\straße\\4688',
      fileName: '4688',
      processName: 'ÉCOLE.exe',
    },
    {
      ...base(6, 'REGISTRY', 'VALUE_SET'),
      registryKey: 'HKLM\\Software\\_Test%\\Value',
      registryValueName: 'Value',
      registryData: 'DWORD (0x00000001)',
      threatName: 'Ünïcode',
    },
    {
      ...base(7, 'MUTEX', 'CREATED'),
      handleName: '\\PSHost.123_%',
      handleKind: 'PIPE',
      processName: 'a?b*.exe',
    },
    { ...base(8, 'PROCESS', 'TERMINATED'), hostname: 'EDGE-HOST' },
  ];
}

function createIngest(store: Store): IngestService {
  return new IngestService({
    db: store.db,
    clock: { now: () => receivedAt },
    logger: silentLogger,
    pubsub: null,
  });
}
