import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Readable } from 'node:stream';

import { createTestStore, dialects, type TestStore } from '../test/harness/stores.js';
import { captureNames, hasSharedData, sysmonCapture } from '../test/harness/shared-data.js';
import { systemClock } from '../src/clock.js';
import type { NormalizedEvent } from '../src/events/event.js';
import { IngestService } from '../src/events/ingest/ingest.service.js';
import { readLine } from '../src/events/ingest/record.js';
import { silentLogger } from '../src/logger.js';
import type { BenchResult } from './run.js';

const batchSize = 1000;
const measuredBatches = 50;
const warmupBatches = 5;
const hosts = 50;
const goals = { sqlite: 50_000, postgresql: 25_000 } as const;

/**
 * Ingest throughput on both stores, from the real captures replayed as distinct copies
 * (GUIDs, host and time shifted per copy so every copy makes new processes and objects):
 * storing normalised events in batches of 1000, and the whole path from NDJSON text.
 */
export async function run(): Promise<BenchResult[]> {
  if (!hasSharedData) return [];
  const lines = captureNames.flatMap((name) =>
    readFileSync(sysmonCapture(name), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== ''),
  );
  const events = lines.flatMap((line) => {
    const outcome = readLine(line);
    return outcome.kind === 'event' ? [outcome.event] : [];
  });

  const results: BenchResult[] = [];
  for (const dialect of dialects) {
    results.push(await storeThroughput(dialect, events));
    results.push(await streamThroughput(dialect, lines));
  }
  return results;
}

async function storeThroughput(
  dialect: (typeof dialects)[number],
  source: readonly NormalizedEvent[],
): Promise<BenchResult> {
  return withStore(dialect, async (sut) => {
    const batches = copies(source, (warmupBatches + measuredBatches) * batchSize, copyEvent);
    for (let index = 0; index < warmupBatches; index++) {
      await sut.storeEvents(batches.slice(index * batchSize, (index + 1) * batchSize));
    }

    const load = loadavg()[0]!;
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let index = warmupBatches; index < warmupBatches + measuredBatches; index++) {
      await sut.storeEvents(batches.slice(index * batchSize, (index + 1) * batchSize));
    }
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    // On SQLite the store works in this process: CPU time shows the cost when other
    // processes share the machine. PostgreSQL works in its own processes.
    const perCpu =
      dialect === 'sqlite'
        ? `, ${Math.round((measuredBatches * batchSize) / cpuSeconds).toLocaleString('en-US')}/s of CPU`
        : '';
    return {
      name: `store normalised events, ${dialect}`,
      value: (measuredBatches * batchSize) / seconds,
      unit: 'events/s',
      note: `goal ${goals[dialect].toLocaleString('en-US')}/s, batches of ${batchSize}${perCpu}; load average ${load.toFixed(1)}`,
    };
  });
}

async function streamThroughput(
  dialect: (typeof dialects)[number],
  source: readonly string[],
): Promise<BenchResult> {
  return withStore(dialect, async (sut) => {
    const lines = copies(source, 100_000, copyLine);
    const body = Buffer.from(lines.join('\n'));

    const started = performance.now();
    const { summary } = await sut.ingestStream(Readable.from([body]));
    const seconds = (performance.now() - started) / 1000;
    return {
      name: `NDJSON to stored events, ${dialect}`,
      value: summary.lines / seconds,
      unit: 'lines/s',
      note: `${Math.round(summary.accepted / seconds).toLocaleString('en-US')} stored events/s; ${summary.skipped} of ${summary.lines} lines skipped`,
    };
  });
}

async function withStore(
  dialect: (typeof dialects)[number],
  work: (sut: IngestService) => Promise<BenchResult>,
): Promise<BenchResult> {
  const store: TestStore = await createTestStore(dialect);
  try {
    const sut = new IngestService({
      db: store.store.db,
      clock: systemClock,
      logger: silentLogger,
      pubsub: null,
    });
    return await work(sut);
  } finally {
    await store.destroy();
  }
}

function copies<T>(source: readonly T[], count: number, copy: (item: T, round: number) => T): T[] {
  const out: T[] = [];
  for (let round = 0; out.length < count; round++) {
    for (const item of source) {
      if (out.length === count) break;
      out.push(copy(item, round));
    }
  }
  return out;
}

// A copy's GUIDs get the copy number in their first eight digits (the machine part), so
// they stay distinct from every other copy's; hosts and times move with the copy.
function copyEvent(event: NormalizedEvent, round: number): NormalizedEvent {
  const prefix = round.toString(16).padStart(8, '0');
  const guid = (value: string | null) => (value === null ? null : prefix + value.slice(8));
  return {
    ...event,
    time: event.time + round * 60_000,
    hostname: `${event.hostname}-${round % hosts}`,
    processGuid: guid(event.processGuid),
    parentGuid: guid(event.parentGuid),
  };
}

function copyLine(line: string, round: number): string {
  const prefix = round.toString(16).padStart(8, '0');
  return line
    .replace(/\{[0-9a-f]{8}-/gi, `{${prefix}-`)
    .replace(/"Hostname": ?"([^"]*)"/, `"Hostname":"$1-${round % hosts}"`);
}
