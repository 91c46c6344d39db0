import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Readable } from 'node:stream';

import { createTestStore, dialects, type TestStore } from '../test/harness/stores.js';
import { captureNames, hasSharedData, sysmonCapture } from '../test/harness/shared-data.js';
import { systemClock } from '../src/clock.js';
import type { NormalizedEvent } from '../src/events/event.js';
import { IngestService } from '../src/events/ingest/ingest.service.js';
import { readLines } from '../src/events/ingest/line-reader.js';
import { readLine } from '../src/events/ingest/record.js';
import { silentLogger } from '../src/logger.js';
import type { Db, Queryable } from '../src/store/db.js';
import type { BenchResult } from './run.js';

const batchSize = 1000;
const measuredBatches = 50;
const warmupBatches = 5;
const streamLines = 100_000;
const hosts = 50;
const goals = { sqlite: 50_000, postgresql: 25_000 } as const;
// Each figure is the median of this many runs; the note gives the range.
const repeats = Number(process.env.TELLTALE_BENCH_REPEAT ?? 3);

type Dialect = (typeof dialects)[number];

/** One run's figures: the rate, and CPU seconds per item of this process and of the server. */
interface Run {
  perSecond: number;
  processCpu: number;
  /** PostgreSQL's server processes; null on SQLite, which works inside this process. */
  serverCpu: number | null;
  /** The load average when the run started. */
  load: number;
}

/**
 * Ingest throughput on both stores, from the real captures replayed as distinct copies
 * (GUIDs, host and time shifted per copy so every copy makes new processes and objects):
 * reading and normalising NDJSON alone, storing normalised events in batches of 1000, the
 * whole path from NDJSON text, and the database's own rate for the event rows alone. Next
 * to wall-clock rates it gives events per CPU-second: on a busy machine they show the cost
 * of the work itself.
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
  const body = Buffer.from(copies(lines, streamLines, copyLine).join('\n'));

  const results: BenchResult[] = [await parseThroughput(body)];
  for (const dialect of dialects) {
    results.push(
      await repeated(`store normalised events, ${dialect}`, dialect, () =>
        storeThroughput(dialect, events),
      ),
    );
    results.push(
      await repeated(`NDJSON to stored events, ${dialect}`, dialect, () =>
        streamThroughput(dialect, body),
      ),
    );
    results.push(
      await repeated(`events table alone (rows copied in SQL), ${dialect}`, dialect, () =>
        tableThroughput(dialect, events),
      ),
    );
  }
  return results;
}

// Splitting lines and normalising records, without a store: the part of the NDJSON path
// that does not depend on the database.
async function parseThroughput(body: Buffer): Promise<BenchResult> {
  const runs: Run[] = [];
  for (let round = 0; round < repeats; round++) {
    const load = loadavg()[0]!;
    const cpu = process.cpuUsage();
    const started = performance.now();
    let lines = 0;
    for await (const line of readLines(Readable.from([body]), { maxLineBytes: 1024 * 1024 })) {
      if ('text' in line) readLine(line.text);
      lines += 1;
    }
    const seconds = (performance.now() - started) / 1000;
    runs.push({
      perSecond: lines / seconds,
      processCpu: cpuSeconds(cpu) / lines,
      serverCpu: null,
      load,
    });
  }
  const median = medianRun(runs);
  return {
    name: 'read and normalise NDJSON lines (no store)',
    value: median.perSecond,
    unit: 'lines/s',
    note: range(runs),
  };
}

async function repeated(
  name: string,
  dialect: Dialect,
  once: () => Promise<Run>,
): Promise<BenchResult> {
  const runs: Run[] = [];
  for (let round = 0; round < repeats; round++) runs.push(await once());
  return {
    name,
    value: medianRun(runs).perSecond,
    unit: 'events/s',
    note: `goal ${rate(goals[dialect])}/s; ${range(runs)}`,
  };
}

async function storeThroughput(dialect: Dialect, source: readonly NormalizedEvent[]) {
  return withStore(dialect, async (sut, db) => {
    const batches = copies(source, (warmupBatches + measuredBatches) * batchSize, copyEvent);
    for (let index = 0; index < warmupBatches; index++) {
      await sut.storeEvents(batches.slice(index * batchSize, (index + 1) * batchSize));
    }

    const load = loadavg()[0]!;
    const server = await serverCpu(db);
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let index = warmupBatches; index < warmupBatches + measuredBatches; index++) {
      await sut.storeEvents(batches.slice(index * batchSize, (index + 1) * batchSize));
    }
    const seconds = (performance.now() - started) / 1000;
    const count = measuredBatches * batchSize;
    return finish(count, seconds, cpu, server, db, load);
  });
}

// What the database itself does with the same rows: the stored events are moved aside and
// inserted again from there by INSERT ... SELECT, in batches, into the events table with
// all its indexes. No object state, no parameters, no parsing: the ceiling of storing
// these events with this schema on this machine.
async function tableThroughput(dialect: Dialect, source: readonly NormalizedEvent[]) {
  return withStore(dialect, async (sut, db) => {
    const count = measuredBatches * batchSize;
    const batches = copies(source, count, copyEvent);
    for (let index = 0; index < measuredBatches; index++) {
      await sut.storeEvents(batches.slice(index * batchSize, (index + 1) * batchSize));
    }
    await db.run('CREATE TABLE events_aside AS SELECT * FROM events');
    await db.run(dialect === 'postgresql' ? 'TRUNCATE events CASCADE' : 'DELETE FROM events');

    const load = loadavg()[0]!;
    const server = await serverCpu(db);
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let first = 1; first <= count; first += batchSize) {
      await db.transaction((tx) =>
        tx.run('INSERT INTO events SELECT * FROM events_aside WHERE id >= ? AND id < ?', [
          first,
          first + batchSize,
        ]),
      );
    }
    const seconds = (performance.now() - started) / 1000;
    return finish(count, seconds, cpu, server, db, load);
  });
}

async function streamThroughput(dialect: Dialect, body: Buffer) {
  return withStore(dialect, async (sut, db) => {
    const load = loadavg()[0]!;
    const server = await serverCpu(db);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const { summary } = await sut.ingestStream(Readable.from([body]));
    const seconds = (performance.now() - started) / 1000;
    return finish(summary.accepted, seconds, cpu, server, db, load);
  });
}

async function finish(
  count: number,
  seconds: number,
  cpu: NodeJS.CpuUsage,
  server: number | null,
  db: Queryable,
  load: number,
): Promise<Run> {
  const processCpu = cpuSeconds(cpu);
  const after = server === null ? null : await serverCpu(db);
  return {
    perSecond: count / seconds,
    processCpu: processCpu / count,
    serverCpu: after === null || server === null ? null : (after - server) / count,
    load,
  };
}

async function withStore(
  dialect: Dialect,
  work: (sut: IngestService, db: Db) => Promise<Run>,
): Promise<Run> {
  const store: TestStore = await createTestStore(dialect);
  try {
    const sut = new IngestService({
      db: store.store.db,
      clock: systemClock,
      logger: silentLogger,
      pubsub: null,
    });
    return await work(sut, store.store.db);
  } finally {
    await store.destroy();
  }
}

// CPU seconds used so far by the PostgreSQL server processes of this database's
// connections, from /proc (a local server on Linux); null where that cannot be read.
async function serverCpu(db: Queryable): Promise<number | null> {
  if (db.dialect !== 'postgresql') return null;
  const backends = await db.all<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  let ticks = 0;
  try {
    for (const { pid } of backends) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return null;
  }
  return ticks / 100;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

function medianRun(runs: readonly Run[]): Run {
  return [...runs].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(runs.length / 2)]!;
}

// The spread of the runs; for the median one, items per CPU-second of this process (where
// SQLite does all its work) and of the PostgreSQL server; the load average of each run.
function range(runs: readonly Run[]): string {
  const rates = runs.map((run) => run.perSecond).sort((a, b) => a - b);
  const median = medianRun(runs);
  const parts = [`${runs.length} runs ${rate(rates[0]!)}-${rate(rates[rates.length - 1]!)}`];
  parts.push(`${rate(1 / median.processCpu)}/s of this process's CPU`);
  if (median.serverCpu !== null) parts.push(`${rate(1 / median.serverCpu)}/s of the server's`);
  parts.push(`load average ${runs.map((run) => run.load.toFixed(1)).join(', ')}`);
  return parts.join('; ');
}

function rate(value: number): string {
  return Math.round(value).toLocaleString('en-US');
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

// The same for a line: GUIDs, host, and the Sysmon time (UtcTime, a UTC time without a zone),
// so that, as in live ingest, every copy's events come later than the previous copy's.
function copyLine(line: string, round: number): string {
  const prefix = round.toString(16).padStart(8, '0');
  return line
    .replace(/\{[0-9a-f]{8}-/gi, `{${prefix}-`)
    .replace(/"Hostname": ?"([^"]*)"/, `"Hostname":"$1-${round % hosts}"`)
    .replace(/"UtcTime": ?"([^"]*)"/, (_, time: string) => {
      const shifted = new Date(Date.parse(`${time.replace(' ', 'T')}Z`) + round * 60_000);
      return `"UtcTime":"${shifted.toISOString().replace('T', ' ').replace('Z', '')}"`;
    });
}
