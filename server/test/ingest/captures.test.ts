import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { EventService } from '../../src/events/event.service.js';
import { IngestService } from '../../src/events/ingest/ingest.service.js';
import { hasSharedData } from '../harness/shared-data.js';
import { createTestStore, dialects, type TestStore } from '../harness/stores.js';
import { createIngest, ingestCapture, objectStateCounts } from './ingest-harness.js';

const onlySysmon = (id: number, channel = 'Security') =>
  `${channel} event ${id} is not stored: only Sysmon events are`;
const covered = (id: number, title: string, sysmonId: number) =>
  `Security event ${id} (${title}) is not stored: Sysmon event ${sysmonId} reports the same activity`;
const imageLoaded =
  'Sysmon event 7 (image loaded) is not stored: the event model has no module objects';
const processAccessed =
  'Sysmon event 10 (process accessed) is not stored: the event model has no process-access events';
const rawDiskRead =
  'Sysmon event 9 (raw disk read) is not stored: the event model has no volume objects';

// Counted from the files themselves: Sysmon events by ID, less those the model does not
// store (7, 9, 10); processes without a termination, Sysmon 5 joined to its start by GUID
// or, when its GUID names no start, by the PID alive at that time.
const captures = {
  aptsimulator_cobaltstrike: {
    summary: { lines: 606, accepted: 258, skipped: 348, rejected: 0 },
    byType: { PROCESS: 73, FILE: 31, NETWORK: 2, MUTEX: 6, REGISTRY: 146 },
    skippedByReason: [
      [onlySysmon(4658), 82],
      [onlySysmon(4656), 41],
      [onlySysmon(4690), 41],
      [covered(4688, 'process created', 1), 36],
      [covered(4689, 'process exited', 5), 36],
      [onlySysmon(4663), 34],
      [covered(5156, 'connection allowed', 3), 26],
      [onlySysmon(4703), 22],
      [onlySysmon(5145), 14],
      [onlySysmon(5158), 9],
      [onlySysmon(4670), 1],
      [onlySysmon(4697), 1],
      [onlySysmon(5140), 1],
      [rawDiskRead, 1],
      [onlySysmon(7000, 'System'), 1],
      [onlySysmon(7009, 'System'), 1],
      [onlySysmon(7045, 'System'), 1],
    ],
    objects: {
      'FILE DELETED': 5,
      'FILE PRESENT': 13,
      'MUTEX CLOSED': 6,
      'NETWORK OPEN': 2,
      'PROCESS RUNNING': 1,
      'PROCESS TERMINATED': 36,
      'REGISTRY DELETED': 1,
      'REGISTRY PRESENT': 34,
    },
  },
  cmd_bitsadmin_download_psh_script: {
    summary: { lines: 424, accepted: 95, skipped: 329, rejected: 0 },
    byType: { PROCESS: 4, FILE: 8, NETWORK: 11, MUTEX: 2, REGISTRY: 70 },
    skippedByReason: [
      [imageLoaded, 141],
      [processAccessed, 96],
      [onlySysmon(4658), 16],
      [covered(5156, 'connection allowed', 3), 12],
      [onlySysmon(4656), 11],
      [onlySysmon(4703), 11],
      [onlySysmon(4663), 8],
      [onlySysmon(4690), 8],
      [onlySysmon(5158), 6],
      [rawDiskRead, 4],
      [onlySysmon(4673), 2],
      [covered(4688, 'process created', 1), 2],
      [covered(4689, 'process exited', 5), 2],
      [onlySysmon(4799), 2],
      [onlySysmon(104, 'System'), 2],
      [onlySysmon(1102), 1],
      [onlySysmon(4624), 1],
      [onlySysmon(4627), 1],
      [onlySysmon(4670), 1],
      [onlySysmon(4672), 1],
      [onlySysmon(7040, 'System'), 1],
    ],
    objects: {
      'FILE PRESENT': 4,
      'MUTEX OPEN': 2,
      'NETWORK OPEN': 7,
      'PROCESS RUNNING': 1,
      'PROCESS TERMINATED': 2,
      'REGISTRY PRESENT': 25,
    },
  },
  covenant_psremoting_grunt: {
    summary: { lines: 544, accepted: 544, skipped: 0, rejected: 0 },
    byType: { PROCESS: 17, FILE: 205, NETWORK: 296, MUTEX: 26, REGISTRY: 0 },
    skippedByReason: [],
    objects: {
      'FILE PRESENT': 167,
      'MUTEX OPEN': 17,
      'NETWORK OPEN': 274,
      'PROCESS RUNNING': 17,
    },
  },
  psh_lsass_memory_dump_comsvcs: {
    summary: { lines: 184, accepted: 50, skipped: 134, rejected: 0 },
    byType: { PROCESS: 4, FILE: 2, NETWORK: 0, MUTEX: 0, REGISTRY: 44 },
    skippedByReason: [
      [processAccessed, 68],
      [imageLoaded, 30],
      [onlySysmon(4658), 10],
      [onlySysmon(4656), 5],
      [onlySysmon(4663), 5],
      [onlySysmon(4690), 5],
      [covered(4689, 'process exited', 5), 3],
      [covered(5156, 'connection allowed', 3), 3],
      [onlySysmon(5158), 3],
      [onlySysmon(1102), 1],
      [covered(4688, 'process created', 1), 1],
    ],
    objects: {
      'FILE PRESENT': 2,
      'PROCESS TERMINATED': 3,
      'REGISTRY PRESENT': 32,
    },
  },
} as const;

const cmdGuid = 'e2c04bb9-d0f0-60c3-48da-ec0000000000';

describe.skipIf(!hasSharedData).each(dialects)('ingest of the real captures on %s', (dialect) => {
  let store: TestStore;
  let sut: IngestService;

  beforeEach(async () => {
    store = await createTestStore(dialect);
    sut = createIngest(store.store);
  });

  afterEach(async () => {
    await store?.destroy();
  });

  describe.each(Object.entries(captures))('%s', (name, expected) => {
    it('accepts, skips and rejects exactly the lines the file holds', async () => {
      const { summary, stopped } = await ingestCapture(sut, name);

      expect(stopped).toBeNull();
      expect(summary).toMatchObject({ ...expected.summary, byType: expected.byType });
      expect(summary.skippedByReason.map(({ reason, count }) => [reason, count])).toEqual(
        expected.skippedByReason,
      );
      expect(summary.rejections).toEqual([]);
      expect(summary.firstId).toBe(1);
      expect(summary.lastId).toBe(expected.summary.accepted);
    });

    it('leaves every object in the state of its latest event', async () => {
      await ingestCapture(sut, name);

      expect(await objectStateCounts(store.store.db)).toEqual(expected.objects);
    });
  });

  it('takes the time from UtcTime, not from @timestamp hours away', async () => {
    await ingestCapture(sut, 'aptsimulator_cobaltstrike');

    const event = await new EventService(store.store.db).find(1);
    expect(new Date(event!.time).toISOString()).toBe('2021-06-12T01:07:15.633Z');
    expect(event).toMatchObject({
      type: 'PROCESS',
      action: 'STARTED',
      processName: 'PING.EXE',
      processPid: 2164,
      processGuid: 'e2c04bb9-08c3-60c4-1c17-400100000000',
      parentGuid: cmdGuid,
      parentPid: 5632,
      parentName: 'cmd.exe',
      processCommandLine: 'ping  -n 3 127.0.0.1 ',
      processMd5: 'f3f3d2b0196b9a00e91838888e76b5f6',
    });
  });

  it('takes the pid of an nxlog record from its message, not from the logging service', async () => {
    await ingestCapture(sut, 'covenant_psremoting_grunt');

    const row = await store.store.db.get<{ process_pid: number; parent_pid: number }>(
      "SELECT process_pid, parent_pid FROM events WHERE process_guid = 'a158f72c-623c-5de8-0000-0010b14b7400' AND type = 'PROCESS'",
    );
    expect(row).toEqual({ process_pid: 4892, parent_pid: 1444 });
  });

  it("draws the APT simulator's cmd.exe with its 27 children and their pipes", async () => {
    await ingestCapture(sut, 'aptsimulator_cobaltstrike');
    const events = new EventService(store.store.db);
    const registry = await store.store.db.get<{ id: unknown }>(
      `SELECT id FROM events WHERE process_guid = ? AND type = 'REGISTRY' ORDER BY id LIMIT 1`,
      [cmdGuid],
    );

    const graph = (await events.hierarchy(Number(registry!.id)))!;

    const cmd = graph.nodes.find((node) => node.id === graph.processNodeId)!;
    expect(cmd).toMatchObject({ kind: 'PROCESS', label: 'cmd.exe (5632)', state: null });
    const children = graph.edges
      .filter((edge) => edge.from === cmd.id && edge.kind === 'STARTED')
      .map((edge) => graph.nodes.find((node) => node.id === edge.to)!.label.split(' ')[0]);
    expect(children).toHaveLength(27);
    expect(tally(children)).toEqual({
      'CreateNamedPipe.exe': 5,
      'PING.EXE': 4,
      'curl.exe': 1,
      'sc.exe': 4,
      'taskkill.exe': 5,
      'timeout.exe': 7,
      '7z.exe': 1,
    });
    expect(tally(graph.nodes.map((node) => `${node.kind} ${node.state}`))).toEqual({
      'PROCESS null': 1,
      'PROCESS RUNNING': 1,
      'PROCESS TERMINATED': 31,
      'PIPE CLOSED': 5,
      'REGISTRY PRESENT': 1,
    });
    expect(graph.truncated).toBe(false);
  });

  it('finds the parent by PID when its GUID names no started process', async () => {
    await ingestCapture(sut, 'aptsimulator_cobaltstrike');
    const events = new EventService(store.store.db);
    // conhost.exe 1588 names parent GUID {e2c04bb9-08d0-60c4-8309-000000000300}, which
    // only a termination uses; CreateNamedPipe.exe 7444 started 10 ms before it.
    const conhost = await store.store.db.get<{ id: unknown }>(
      "SELECT id FROM events WHERE process_pid = 1588 AND action = 'STARTED'",
    );

    const graph = (await events.hierarchy(Number(conhost!.id)))!;

    const chain = [graph.processNodeId!];
    for (;;) {
      const edge = graph.edges.find((item) => item.to === chain[0] && item.kind === 'STARTED');
      if (!edge) break;
      chain.unshift(edge.from);
    }
    expect(chain.map((id) => graph.nodes.find((node) => node.id === id)!.label)).toEqual([
      'cmd.exe (5632)',
      'CreateNamedPipe.exe (7444)',
      'conhost.exe (1588)',
    ]);
  });
});

function tally(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
