import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { IngestService } from '../../src/events/ingest/ingest.service.js';
import { hasSharedData, sysmonCapture } from '../harness/shared-data.js';
import { createTestStore, dialects, type TestStore } from '../harness/stores.js';
import { createIngest } from './ingest-harness.js';

const capture = 'aptsimulator_cobaltstrike';
const original = { lines: 606, accepted: 258, skipped: 348 };

describe.skipIf(!hasSharedData).each(dialects)('broken input on %s', (dialect) => {
  let store: TestStore;
  let sut: IngestService;
  let lines: string[];

  beforeEach(async () => {
    store = await createTestStore(dialect);
    sut = createIngest(store.store);
    lines = readFileSync(sysmonCapture(capture), 'utf8').trimEnd().split('\n');
  });

  afterEach(async () => {
    await store?.destroy();
  });

  const sysmonLine = (from: number) =>
    lines.findIndex((line, index) => index >= from && line.includes('Sysmon/Operational'));
  const securityLine = (from: number) =>
    lines.findIndex((line, index) => index >= from && line.includes('"Channel":"Security"'));
  const stream = (text: string | Buffer, chunk = 64 * 1024) => {
    const bytes = Buffer.from(text);
    const chunks: Buffer[] = [];
    for (let start = 0; start < bytes.length; start += chunk) {
      chunks.push(bytes.subarray(start, start + chunk));
    }
    return Readable.from(chunks);
  };
  const storedCount = async () =>
    Number((await store.store.db.get<{ n: unknown }>('SELECT count(*) AS n FROM events'))!.n);

  it('reports a truncated line, a bad time and a non-object by line number, and stores the rest', async () => {
    const truncated = sysmonLine(10);
    const badTime = sysmonLine(truncated + 1);
    const notObject = securityLine(badTime + 1);
    lines[truncated] = lines[truncated]!.slice(0, 300);
    const utcTime = /"UtcTime":"[^"]*"/.exec(lines[badTime]!)![0];
    lines[badTime] = lines[badTime]!.replace(utcTime, '"UtcTime":"2021-06-31 25:07:15.633"');
    lines[notObject] = '["an", "array"]';

    const { summary, stopped } = await sut.ingestStream(stream(lines.join('\n')));

    expect(stopped).toBeNull();
    expect(summary.rejections).toEqual([
      { line: truncated + 1, reason: 'not valid JSON' },
      { line: badTime + 1, reason: 'UtcTime is not a time: "2021-06-31 25:07:15.633"' },
      {
        line: notObject + 1,
        reason: 'a JSON array: send one event object per line (NDJSON), not an array',
      },
    ]);
    expect(summary).toMatchObject({
      lines: original.lines,
      accepted: original.accepted - 2,
      skipped: original.skipped - 1,
      rejected: 3,
    });
    expect(await storedCount()).toBe(original.accepted - 2);
  });

  it('rejects a Sysmon record without any time and a line over the length limit', async () => {
    const timeless = sysmonLine(0);
    const record = JSON.parse(lines[timeless]!) as Record<string, unknown>;
    delete record.UtcTime;
    delete record['@timestamp'];
    delete record.TimeCreated;
    lines[timeless] = JSON.stringify(record);
    const long = sysmonLine(timeless + 1);
    lines[long] = lines[long]!.replace('"RuleName":"-"', `"RuleName":"${'x'.repeat(5000)}"`);

    const { summary } = await sut.ingestStream(stream(lines.join('\r\n')), {
      maxLineBytes: 4096,
    });

    expect(summary.rejections).toEqual([
      {
        line: timeless + 1,
        reason: 'no event time: UtcTime, @timestamp and TimeCreated are missing',
      },
      { line: long + 1, reason: 'line longer than 4096 bytes' },
    ]);
    expect(summary.accepted).toBe(original.accepted - 2);
  });

  it('reads a gzip body, with or without being told, and concatenated gzip members', async () => {
    const text = `${lines.join('\n')}\n`;
    const half = text.indexOf('\n', text.length / 2) + 1;
    const members = Buffer.concat([gzipSync(text.slice(0, half)), gzipSync(text.slice(half))]);

    const told = await sut.ingestStream(stream(gzipSync(text)), { gzip: true });
    const sniffed = await sut.ingestStream(stream(members, 1000));

    for (const { summary, stopped } of [told, sniffed]) {
      expect(stopped).toBeNull();
      expect(summary).toMatchObject({ ...original, rejected: 0 });
    }
    expect(sniffed.summary.firstId).toBe(original.accepted + 1);
  });

  it('stores what a truncated gzip stream held and says where it stopped', async () => {
    // A whole first member (300 lines), then a second one cut after 20 bytes.
    const first = `${lines.slice(0, 300).join('\n')}\n`;
    const rest = gzipSync(`${lines.slice(300).join('\n')}\n`);
    const cut = Buffer.concat([gzipSync(first), rest.subarray(0, 20)]);
    const expectedEvents = lines
      .slice(0, 300)
      .filter(
        (line) => line.includes('Sysmon/Operational') && !line.includes('"EventID":9,'),
      ).length;

    const { summary, stopped } = await sut.ingestStream(stream(cut, 4096));

    expect(stopped?.code).toBe('UNREADABLE_INPUT');
    expect(stopped?.message).toBe(
      'the input could not be read after line 300: the gzip stream ends too early; the lines before it were processed',
    );
    expect(summary).toMatchObject({ lines: 300, accepted: expectedEvents });
    expect(await storedCount()).toBe(expectedEvents);
  });

  it('stops at the body limit, after storing the lines read whole before it', async () => {
    const text = lines.join('\n');
    const limit = 200_000;
    // Chunks of 64 KiB: three fit under the limit, the fourth crosses it.
    const readWhole = text.slice(0, 3 * 65_536).split('\n').length - 1;

    const { summary, stopped } = await sut.ingestStream(stream(text), { maxBytes: limit });

    expect(stopped?.code).toBe('BODY_TOO_LARGE');
    expect(stopped?.details).toEqual({ maxBytes: limit, lastLine: readWhole });
    expect(summary.lines).toBe(readWhole);
    expect(await storedCount()).toBe(summary.accepted);
  });

  it('lists the first 1000 skipped lines and counts them all', async () => {
    const security = lines.filter((line) => line.includes('"Channel":"Security"'));
    const many = Array.from({ length: 3000 }, (_, index) => security[index % security.length]);

    const { summary } = await sut.ingestStream(stream(many.join('\n')));

    expect(summary).toMatchObject({ lines: 3000, skipped: 3000, accepted: 0, truncated: true });
    expect(summary.skips).toHaveLength(1000);
    expect(summary.skips[999]!.line).toBe(1000);
  });
});
