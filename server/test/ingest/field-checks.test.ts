import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { IngestService } from '../../src/events/ingest/ingest.service.js';
import { createTestStore, dialects, type TestStore } from '../harness/stores.js';
import { createIngest } from './ingest-harness.js';

const processLine = (host: string, dateTime: unknown, name: unknown = 'a.exe') =>
  JSON.stringify({
    dateTime,
    type: 'PROCESS',
    action: 'STARTED',
    asset: { hostName: host },
    process: { name },
  });

describe.each(dialects)('field checks on %s', (dialect) => {
  let store: TestStore;
  let sut: IngestService;

  beforeEach(async () => {
    store = await createTestStore(dialect);
    sut = createIngest(store.store);
  });

  afterEach(async () => {
    await store?.destroy();
  });

  const ingest = (lines: string[]) =>
    sut.ingestStream(Readable.from([Buffer.from(`${lines.join('\n')}\n`)]));
  const stored = () =>
    store.store.db.all<{ hostname: string; process_name: string | null }>(
      'SELECT hostname, process_name FROM events ORDER BY id',
    );

  it('rejects out-of-range times and fields of the wrong kind by line, and stores the rest', async () => {
    const { summary, stopped } = await ingest([
      '{"dateTime":-99999999999999999,"type":"PROCESS","action":"STARTED","asset":{"hostName":"WS-NEG"},"process":{"name":"neg2.exe"}}',
      processLine('WS-BIG', 1e20),
      processLine('WS-10000', 253402300800000),
      processLine('WS-LAST', 253402300799999, 'last.exe'),
      processLine('WS-DIGITS', '1726360200000', 'digits.exe'),
      processLine('WS-ARRAY', 1726360200000, ['a.exe']),
      '{"dateTime":1726360200000,"type":"PROCESS","action":"STARTED","asset":{"hostName":42}}',
      '{"dateTime":1726360200000,"type":"PROCESS","action":"STARTED","asset":"WS-1"}',
      processLine('WS-NUL', 1726360200000, 'a\u0000b.exe'),
    ]);

    expect(stopped).toBeNull();
    expect(summary.rejections).toEqual([
      {
        line: 1,
        reason: 'dateTime is out of range (1970-01-01 to 9999-12-31): -100000000000000000',
      },
      {
        line: 2,
        reason: 'dateTime is out of range (1970-01-01 to 9999-12-31): 100000000000000000000',
      },
      { line: 3, reason: 'dateTime is out of range (1970-01-01 to 9999-12-31): 253402300800000' },
      { line: 6, reason: 'process.name must be a string; got an array' },
      { line: 7, reason: 'asset.hostName must be a string; got 42' },
      { line: 8, reason: 'asset must be an object; got "WS-1"' },
    ]);
    expect(summary).toMatchObject({ lines: 9, accepted: 3, rejected: 6, firstId: 1, lastId: 3 });
    expect(await stored()).toEqual([
      { hostname: 'WS-LAST', process_name: 'last.exe' },
      { hostname: 'WS-DIGITS', process_name: 'digits.exe' },
      { hostname: 'WS-NUL', process_name: 'a\ufffdb.exe' },
    ]);
  });

  it('rejects missing groups, strings of the wrong kind and bad winlog records', async () => {
    const winlog = (overrides: Record<string, unknown>) =>
      JSON.stringify({
        '@timestamp': '2024-09-15T01:30:00.000Z',
        winlog: {
          channel: 'Microsoft-Windows-Sysmon/Operational',
          event_id: 1,
          computer_name: 'WL-1',
          event_data: { Image: 'C:\\Windows\\System32\\cmd.exe', ProcessId: 600 },
          ...overrides,
        },
      });
    const { summary } = await ingest([
      '{"dateTime":1726360200000,"type":"PROCESS","action":"STARTED","asset":{"hostName":"K"}}',
      '{"dateTime":1726360200000,"type":"FILE","action":"CREATED","asset":{"hostName":"K"},' +
        '"actor":{"pid":4}}',
      '{"dateTime":1726360200000,"type":"PROCESS","action":"STARTED","eventSource":5,' +
        '"asset":{"hostName":"K"},"process":{"name":"a.exe"}}',
      winlog({ event_data: 'oops' }),
      winlog({ computer_name: 42 }),
      winlog({}),
      processLine('K', 1726360200000, 'kept.exe'),
    ]);

    expect(summary.rejections).toEqual([
      { line: 1, reason: 'process is missing: a PROCESS event needs one' },
      { line: 2, reason: 'file is missing: a FILE event needs one' },
      { line: 3, reason: 'eventSource must be a string; got 5' },
      { line: 4, reason: 'winlog.event_data must be an object; got "oops"' },
      { line: 5, reason: 'winlog.computer_name must be a string; got 42' },
    ]);
    expect(summary).toMatchObject({ lines: 7, accepted: 2, rejected: 5 });
    expect(await stored()).toEqual([
      { hostname: 'WL-1', process_name: 'cmd.exe' },
      { hostname: 'K', process_name: 'kept.exe' },
    ]);
  });

  it('stores text with backslashes, tabs, line breaks and \\N as sent', async () => {
    const commandLine = 'cmd.exe /c "echo a\tb\r\nc" > C:\\Temp\\N.txt \\\\.\\pipe\\x';
    const line = JSON.stringify({
      dateTime: 1726360200000,
      type: 'PROCESS',
      action: 'STARTED',
      asset: { hostName: 'TEXT-1' },
      process: { name: 'cmd.exe', commandLine },
    });

    const { summary } = await ingest([line]);
    const row = await store.store.db.get<{ process_command_line: string; raw: string }>(
      'SELECT process_command_line, raw FROM events',
    );

    expect(summary).toMatchObject({ lines: 1, accepted: 1 });
    expect(row).toEqual({ process_command_line: commandLine, raw: line });
  });
});
