import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

import { createRandom } from '../../src/random.js';
import { demoRules } from '../../src/rules/demo-rules.js';
import type { StoreTarget } from '../../src/store/store.js';
import { captureNames, hasSharedData, sysmonCapture } from '../harness/shared-data.js';
import { graphql, startServerProcess, type ServerProcess } from '../harness/server-process.js';
import { createTestTarget, dialects } from '../harness/stores.js';

/**
 * Invariant 2 (docs/semantics.md section 5): the server is killed with SIGKILL at random
 * moments while the four captures are replayed through POST /ingest, restarted each time,
 * and its alerts must equal, one for one, those of a run that was never interrupted.
 */
const seed = Number(process.env.TELLTALE_CRASH_SEED ?? 20_261_204);
const kills = 8;
const linesPerRequest = 20;
// Longer than the test runs, so no scheduled window closes by the clock in either run.
const latenessSeconds = '3600';

const createRule = `mutation ($input: RuleInput!) { createRule(input: $input) { id } }`;

interface Run {
  alerts: Array<{ rule: string; group: string | null; eventIds: number[] }>;
  restarts: number;
  events: number;
}

describe.skipIf(!hasSharedData).each(dialects)('crash recovery (%s)', (dialect) => {
  it(`raises the same alerts when killed ${kills} times at random (seed ${seed})`, async () => {
    const chunks = captureChunks();

    const reference = await replay(dialect, chunks, null);
    const crashed = await replay(dialect, chunks, createRandom(seed));

    expect(crashed.restarts).toBe(kills);
    expect(crashed.events).toBe(reference.events);
    expect(stepFree(crashed)).toEqual(stepFree(reference));
    expect(stepBound(crashed)).toEqual(stepBound(reference));
    expect(reference.alerts.length).toBeGreaterThan(20);
  }, 240_000);
});

// An aggregated Single Match makes one alert per group per step, and steps depend on
// timing: for it, every match must be in exactly one alert, whatever the steps were.
const stepBoundRules = new Set(
  demoRules
    .filter((rule) => rule.aggregate && rule.trigger.type === 'SINGLE_MATCH')
    .map((rule) => rule.key),
);

function stepFree(run: Run) {
  return run.alerts
    .filter((alert) => !stepBoundRules.has(alert.rule))
    .map((alert) => JSON.stringify(alert))
    .sort();
}

function stepBound(run: Run) {
  const byGroup = new Map<string, number[]>();
  for (const alert of run.alerts.filter((alert) => stepBoundRules.has(alert.rule))) {
    const key = `${alert.rule}/${alert.group}`;
    byGroup.set(key, [...(byGroup.get(key) ?? []), ...alert.eventIds]);
  }
  return [...byGroup].map(([key, ids]) => [key, ids.sort((a, b) => a - b)]).sort();
}

async function replay(
  dialect: (typeof dialects)[number],
  chunks: string[],
  random: (() => number) | null,
): Promise<Run> {
  const { target, destroy } = await createTestTarget(dialect);
  const env = {
    DATABASE_URL: target.dialect === 'sqlite' ? `file:${target.path}` : target.url,
    TELLTALE_DATA_DIR: target.dialect === 'sqlite' ? target.path.replace(/\/[^/]+$/, '') : '/tmp',
    TELLTALE_ALLOWED_LATENESS_SECONDS: latenessSeconds,
  };

  try {
    let server = await startServerProcess(env);
    const keys = new Map<string, string>();
    for (const { key, ...input } of demoRules) {
      const { createRule: rule } = await graphql<{ createRule: { id: string } }>(
        server.url,
        createRule,
        { input },
      );
      keys.set(rule.id, key);
    }

    let restarts = 0;
    let killer = random ? armKiller(server, random) : null;
    let stored = 0;
    for (let index = 0; index < chunks.length;) {
      try {
        stored += await post(server.url, chunks[index]!);
        index++;
      } catch {
        await server.exited;
        // The chunk's batch committed whole or not at all: the store says which.
        const count = await countEvents(target);
        if (count > stored) index++;
        stored = count;
        server = await startServerProcess(env);
        restarts++;
        killer = restarts < kills ? armKiller(server, random!) : null;
      }
    }

    // The remaining kills land while the evaluator works off what was stored.
    const deadline = Date.now() + 60_000;
    while (!(await caughtUp(target))) {
      if (Date.now() > deadline) throw new Error('the evaluator did not catch up within 60 s');
      if (server.hasExited()) {
        server = await startServerProcess(env);
        restarts++;
        killer = restarts < kills ? armKiller(server, random!) : null;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (killer) clearTimeout(killer);
    // Any kill still owed happens now, with nothing left to evaluate.
    while (random && restarts < kills) {
      server.child.kill('SIGKILL');
      await server.exited;
      server = await startServerProcess(env);
      restarts++;
    }
    server.child.kill('SIGKILL');
    await server.exited;

    const alerts = (await readAlerts(target)).map((alert) => ({
      rule: keys.get(String(alert.ruleId))!,
      group: alert.groupKey,
      eventIds: alert.eventIds,
    }));
    return { alerts, restarts, events: stored };
  } finally {
    await destroy();
  }
}

function armKiller(server: ServerProcess, random: () => number): NodeJS.Timeout {
  return setTimeout(() => server.child.kill('SIGKILL'), 150 + Math.floor(random() * 1200));
}

async function post(url: string, body: string): Promise<number> {
  const response = await fetch(`${url}/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body,
  });
  if (!response.ok) throw new Error(`ingest answered ${response.status}`);
  const summary = (await response.json()) as { accepted: number };
  return summary.accepted;
}

function captureChunks(): string[] {
  const lines = captureNames.flatMap((name) =>
    readFileSync(sysmonCapture(name), 'utf8').split('\n').filter(Boolean),
  );
  const chunks: string[] = [];
  for (let i = 0; i < lines.length; i += linesPerRequest) {
    chunks.push(lines.slice(i, i + linesPerRequest).join('\n') + '\n');
  }
  return chunks;
}

async function query<T>(target: StoreTarget, sql: string): Promise<T[]> {
  if (target.dialect === 'sqlite') {
    const db = new Database(target.path, { timeout: 10_000 });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

async function countEvents(target: StoreTarget): Promise<number> {
  const [row] = await query<{ n: unknown }>(target, 'SELECT count(*) AS n FROM events');
  return Number(row?.n ?? 0);
}

async function caughtUp(target: StoreTarget): Promise<boolean> {
  const rows = await query<{ name: string; value: unknown }>(
    target,
    "SELECT name, value FROM counters WHERE name IN ('event_seq', 'evaluator')",
  );
  const value = (name: string) => Number(rows.find((row) => row.name === name)?.value ?? -1);
  return value('evaluator') === value('event_seq');
}

async function readAlerts(target: StoreTarget) {
  const alerts = await query<{ id: unknown; rule_id: unknown; group_key: string | null }>(
    target,
    'SELECT id, rule_id, group_key FROM alerts ORDER BY id',
  );
  const links = await query<{ alert_id: unknown; event_id: unknown }>(
    target,
    'SELECT alert_id, event_id FROM alert_events ORDER BY alert_id, event_id',
  );
  return alerts.map((alert) => ({
    ruleId: Number(alert.rule_id),
    groupKey: alert.group_key,
    eventIds: links
      .filter((link) => Number(link.alert_id) === Number(alert.id))
      .map((link) => Number(link.event_id)),
  }));
}
