import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { StoredEvent } from '../src/events/event.js';
import { EventSearchService, type SearchScope } from '../src/events/search/search.service.js';
import { silentLogger } from '../src/logger.js';
import { compilePredicate, parseQuery } from '../src/query/index.js';
import type { Queryable } from '../src/store/db.js';
import { openStore } from '../src/store/store.js';
import { hasSharedData } from '../test/harness/shared-data.js';
import { createTestStore, dialects } from '../test/harness/stores.js';
import { loadCaptures, readAllEvents } from '../test/query/capture-store.js';
import type { BenchResult } from './run.js';

// TELLTALE_BENCH_EVENTS makes a quicker, smaller run.
const targetEvents = Number(process.env.TELLTALE_BENCH_EVENTS ?? 1_000_000);
const copyShiftMs = 10 * 60_000;
const assetIdStride = 1_000;
const latencyRuns = 60;
const warmupRuns = 5;
const predicateSeconds = 1.5;

const predicateQueries = [
  { terms: 1, goal: null, query: 'process.name: powershell.exe' },
  {
    terms: 5,
    goal: 2_000_000,
    query:
      'process.name: *.exe and (process.commandLine: *-enc* or file.fullPath: *\\temp\\* or destination.port: 5985) and not asset.hostname: dc*',
  },
  {
    terms: 20,
    goal: null,
    query:
      'type: PROCESS and action: STARTED and process.parent.name: (cmd.exe, powershell.exe) and not process.path: c:\\windows\\system32\\* and (process.commandLine: *-enc* or process.commandLine: *downloadstring* or process.commandLine: *invoke-expression* or process.commandLine: *bypass* or process.commandLine: *hidden*) ' +
      'or type: NETWORK and destination.port: (4444, 5985, 5986) and not destination.ip: 10.0.0.0/8 and not destination.ip: 192.168.0.0/16 ' +
      'or type: FILE and file.name: (*.ps1, *.hta) and file.fullPath: *\\temp\\* ' +
      'or handle.name: \\postex_* or handle.name: \\msagent_* or registry.path: *\\currentversion\\run\\* or process.user: *system*',
  },
];

/**
 * The query language's speed: compiled-predicate evaluations per second on one core, and
 * hunting latency (a page of 50 with counts) over a million events on SQLite, and on
 * PostgreSQL when TELLTALE_TEST_POSTGRES_URL names a server, built by replaying the real
 * captures with shifted times and hosts.
 */
export async function run(): Promise<BenchResult[]> {
  if (!hasSharedData) return [];
  const results: BenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'telltale-query-bench-'));
  const path = join(dir, 'bench.db');
  try {
    const first = await openStore({ dialect: 'sqlite', path }, silentLogger);
    await loadCaptures(first);
    const events = await readAllEvents(first.db);
    await first.close();

    results.push(...predicateThroughput(events));
    const copies = Math.ceil(targetEvents / events.length);
    let loadStart = performance.now();
    let total = replicate(path, copies);
    results.push(buildResult('sqlite', total, loadStart));

    const store = await openStore({ dialect: 'sqlite', path }, silentLogger);
    try {
      results.push(...(await huntingLatency('sqlite', new EventSearchService(store.db), events)));
    } finally {
      await store.close();
    }
    rmSync(dir, { recursive: true, force: true });

    if ((dialects as readonly string[]).includes('postgresql')) {
      const pg = await createTestStore('postgresql');
      try {
        await loadCaptures(pg.store);
        loadStart = performance.now();
        total = await replicatePostgres(pg.store.db, copies);
        results.push(buildResult('postgresql', total, loadStart));
        results.push(
          ...(await huntingLatency('postgresql', new EventSearchService(pg.store.db), events)),
        );
      } finally {
        await pg.destroy();
      }
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function buildResult(dialect: string, total: number, start: number): BenchResult {
  return {
    name: `${dialect}: build store of ${total.toLocaleString('en-US')} events (bulk SQL)`,
    value: (performance.now() - start) / 1000,
    unit: 's',
  };
}

function predicateThroughput(events: readonly StoredEvent[]): BenchResult[] {
  return predicateQueries.map(({ terms, goal, query }) => {
    const predicate = compilePredicate(parseQuery(query));
    let evaluations = 0;
    let matches = 0;
    // Warm up so the figure is the optimised code's.
    for (let i = 0; i < 200; i++) for (const event of events) if (predicate(event)) matches++;

    // CPU time, not wall time: the figure is what one core does, even on a busy machine.
    const start = process.cpuUsage();
    const wallStart = performance.now();
    const wallEnd = wallStart + predicateSeconds * 1000 * 4;
    let used = 0;
    while (used < predicateSeconds * 1e6 && performance.now() < wallEnd) {
      for (let i = 0; i < events.length; i++) if (predicate(events[i]!)) matches++;
      evaluations += events.length;
      const cpu = process.cpuUsage(start);
      used = cpu.user + cpu.system;
    }
    const perSecond = evaluations / (used / 1e6);
    const perWallSecond = evaluations / ((performance.now() - wallStart) / 1000);
    return {
      name: `predicate: ${terms}-term query`,
      value: perSecond,
      unit: 'evaluations/CPU s',
      note: [
        goal ? `goal ${goal.toLocaleString('en-US')}` : null,
        `${Math.round(perWallSecond).toLocaleString('en-US')} per wall-clock s`,
        matches > 0 ? 'matches some' : 'matches none',
      ]
        .filter(Boolean)
        .join('; '),
    };
  });
}

// Copies every event and object state `copies` times with new ids, later times and new
// hosts, straight in SQL; each copy is what another fleet of hosts would have sent.
export function replicate(path: string, copies: number): number {
  const db = new Database(path);
  try {
    // A bulk load: no journal, and the indexes built once at the end.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    const indexes = db
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('events', 'object_states') AND sql IS NOT NULL",
      )
      .all() as { name: string; sql: string }[];
    for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
    const maxId = (db.prepare('SELECT MAX(id) AS id FROM events').get() as { id: number }).id;

    const copy = (table: string, overrides: Record<string, string>) => {
      const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map(
        (column) => column.name,
      );
      const values = columns.map((column) => overrides[column] ?? `t."${column}"`);
      return db.prepare(
        `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) SELECT ${values.join(', ')} FROM ${table} t WHERE ${table === 'assets' ? 't.id < ?' : table === 'events' ? 't.id <= ?' : 't.rowid <= ?'}`,
      );
    };

    const shift = (column: string) =>
      `CASE WHEN t.${column} IS NULL THEN NULL ELSE t.${column} + @shift END`;
    const assets = copy('assets', {
      id: `t.id + @n * ${assetIdStride}`,
      host_key: `t.host_key || '-' || @n`,
      hostname: `t.hostname || '-' || @n`,
    });
    const events = copy('events', {
      id: `t.id + @n * ${maxId}`,
      time: 't.time + @shift',
      received_at: 't.received_at + @shift',
      asset_id: `t.asset_id + @n * ${assetIdStride}`,
      hostname: `t.hostname || '-' || @n`,
      object_key: `t.object_key || '#' || @n`,
    });
    const states = copy('object_states', {
      key: `t.key || '#' || @n`,
      asset_id: `t.asset_id + @n * ${assetIdStride}`,
      started_at: shift('started_at'),
      ended_at: shift('ended_at'),
      first_event_id: `t.first_event_id + @n * ${maxId}`,
      last_event_id: `t.last_event_id + @n * ${maxId}`,
      last_time: 't.last_time + @shift',
      process_key: `t.process_key || '#' || @n`,
    });

    const stateRows = (
      db.prepare('SELECT MAX(rowid) AS n FROM object_states').get() as { n: number }
    ).n;
    db.transaction(() => {
      for (let n = 1; n < copies; n++) {
        // BigInt binds as INTEGER: a plain number would bind as REAL and print as '1.0'.
        const params = { n: BigInt(n), shift: BigInt(n * copyShiftMs) };
        assets.run({ n: params.n }, assetIdStride);
        events.run(params, maxId);
        states.run(params, stateRows);
      }
      db.prepare("UPDATE counters SET value = ? WHERE name = 'event_seq'").run(maxId * copies);
    })();
    // No ANALYZE: the server never runs it, so the planner works without statistics here too.
    for (const index of indexes) db.exec(index.sql);
    db.pragma('journal_mode = WAL');
    return (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

// The same copies on PostgreSQL, one INSERT ... SELECT per table; VACUUM ANALYZE afterwards,
// as autovacuum does on a live server (index-only scans need the visibility map).
async function replicatePostgres(db: Queryable, copies: number): Promise<number> {
  const maxId = Number((await db.get<{ id: unknown }>('SELECT MAX(id) AS id FROM events'))!.id);
  const shift = (column: string) => `t.${column} + n * interval '${copyShiftMs} milliseconds'`;

  const copy = async (table: string, where: string, overrides: Record<string, string>) => {
    const columns = (
      await db.all<{ name: string }>(
        'SELECT column_name AS name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position',
        [table],
      )
    ).map((column) => column.name);
    const values = columns.map((column) => overrides[column] ?? `t."${column}"`);
    await db.run(
      `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')})
       SELECT ${values.join(', ')} FROM ${table} t, generate_series(1, ${copies - 1}) n WHERE ${where}`,
    );
  };

  await copy('assets', `t.id < ${assetIdStride}`, {
    id: `t.id + n * ${assetIdStride}`,
    host_key: `t.host_key || '-' || n`,
    hostname: `t.hostname || '-' || n`,
  });
  await copy('events', `t.id <= ${maxId}`, {
    id: `t.id + n * ${maxId}`,
    time: shift('time'),
    received_at: shift('received_at'),
    asset_id: `t.asset_id + n * ${assetIdStride}`,
    hostname: `t.hostname || '-' || n`,
    object_key: `t.object_key || '#' || n`,
  });
  await copy('object_states', 'TRUE', {
    key: `t.key || '#' || n`,
    asset_id: `t.asset_id + n * ${assetIdStride}`,
    started_at: shift('started_at'),
    ended_at: shift('ended_at'),
    first_event_id: `t.first_event_id + n * ${maxId}`,
    last_event_id: `t.last_event_id + n * ${maxId}`,
    last_time: shift('last_time'),
    process_key: `t.process_key || '#' || n`,
  });
  await db.run("UPDATE counters SET value = ? WHERE name = 'event_seq'", [maxId * copies]);
  await db.run('VACUUM ANALYZE events');
  await db.run('VACUUM ANALYZE object_states');
  return Number((await db.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM events'))!.n);
}

async function huntingLatency(
  dialect: string,
  search: EventSearchService,
  events: readonly StoredEvent[],
): Promise<BenchResult[]> {
  const lastTime = Math.max(...events.map((event) => event.time));
  const day = 86_400_000;
  const recent: SearchScope = { kind: 'period', from: lastTime - day, to: lastTime + day };
  const allTime: SearchScope = { kind: 'period', from: null, to: null };
  const cases: { name: string; query: string; scope: SearchScope; indexed: boolean }[] = [
    { name: 'process name', query: 'process.name: powershell.exe', scope: allTime, indexed: true },
    {
      name: 'type and process name (Qualys example)',
      query: 'type: PROCESS and process.name: "powershell.exe"',
      scope: allTime,
      indexed: true,
    },
    { name: 'one host', query: 'asset.hostname: workstation5-500', scope: allTime, indexed: true },
    {
      name: 'process name prefix, 2 days',
      query: 'process.name: power*',
      scope: recent,
      indexed: true,
    },
    { name: 'every event, 2 days', query: '', scope: recent, indexed: true },
    { name: 'remote port', query: 'destination.port: 5985', scope: allTime, indexed: true },
    { name: 'CIDR block', query: 'destination.ip: 172.18.39.0/24', scope: allTime, indexed: true },
    {
      name: 'process name, Current State',
      query: 'process.name: powershell.exe',
      scope: { kind: 'current' },
      indexed: true,
    },
    { name: 'every event, Current State', query: '', scope: { kind: 'current' }, indexed: true },
    {
      name: 'command line contains (no index)',
      query: 'process.commandLine: *comsvcs*',
      scope: allTime,
      indexed: false,
    },
  ];

  const results: BenchResult[] = [];
  for (const { name, query, scope, indexed } of cases) {
    const times: number[] = [];
    let totalCount = 0;
    const runs = indexed ? latencyRuns : 10;
    for (let i = 0; i < warmupRuns + runs; i++) {
      const start = performance.now();
      const page = await search.search(query, scope, { first: 50, after: null });
      if (i >= warmupRuns) times.push(performance.now() - start);
      totalCount = page.totalCount;
    }
    times.sort((a, b) => a - b);
    const percentile = (p: number) =>
      times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!;
    const note = `${totalCount.toLocaleString('en-US')} matches${indexed ? '; goal p99 < 200 ms' : '; full scan'}`;
    results.push({
      name: `${dialect} hunting p50: ${name}`,
      value: percentile(50),
      unit: 'ms',
      note,
    });
    results.push({
      name: `${dialect} hunting p99: ${name}`,
      value: percentile(99),
      unit: 'ms',
      note: `${runs} runs`,
    });
  }
  return results;
}
