import 'reflect-metadata';

import { createClient } from 'graphql-ws';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

import { startApp } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { readConfig } from '../src/config.js';
import type { StoredEvent } from '../src/events/event.js';
import { readLine } from '../src/events/ingest/record.js';
import { compileRule } from '../src/evaluator/compile-rule.js';
import { evaluateStep } from '../src/evaluator/evaluate.js';
import { EvaluatorRunner } from '../src/evaluator/evaluator.runner.js';
import { createLeadership } from '../src/evaluator/leader.js';
import type { RuleState } from '../src/evaluator/rule-state.js';
import { IngestService } from '../src/events/ingest/ingest.service.js';
import { silentLogger } from '../src/logger.js';
import { demoRules } from '../src/rules/demo-rules.js';
import { GroupBy, TriggerType, type RuleRecord } from '../src/rules/rule.js';
import { RuleService } from '../src/rules/rule.service.js';
import { validateRuleInput, type RuleInputValue } from '../src/rules/rule.validation.js';
import { UserService } from '../src/users/user.service.js';
import { captureNames, hasSharedData, sysmonCapture } from '../test/harness/shared-data.js';
import { createTestStore, createTestTarget, dialects } from '../test/harness/stores.js';
import type { BenchResult } from './run.js';

const stepSize = 5000;
const measuredEvents = 400_000;
const storedEvents = 50_000;
const goals = { 100: 300_000, 1000: 50_000 } as const;
const latency = { eventsPerSecond: 1000, requestsPerSecond: 20, seconds: 10, subscribers: 100 };

/**
 * The evaluator's speed: evaluation throughput on one core with 100 and 1000 enabled
 * rules over the real captures replayed as shifted copies; the whole runner (read, evaluate,
 * commit) on both stores; and alert latency from the ingest request to the subscription
 * message with 100 subscribers at 1000 events/s.
 */
export async function run(): Promise<BenchResult[]> {
  if (!hasSharedData) return [];
  const source = captureEvents();
  const results: BenchResult[] = [];

  for (const count of [100, 1000] as const) results.push(evaluationThroughput(source, count));
  for (const dialect of dialects) results.push(await runnerThroughput(source, dialect));
  results.push(...(await alertLatency()));
  return results;
}

function evaluationThroughput(source: readonly StoredEvent[], ruleCount: 100 | 1000): BenchResult {
  const rules = generatedRules(ruleCount).map((input, index) =>
    compileRule(record(input, index + 1)),
  );
  const events = copies(source, measuredEvents);
  const warmup = copies(source, stepSize * 4, measuredEvents);
  const states = new Map<number, RuleState>();
  for (let i = 0; i < warmup.length; i += stepSize) {
    evaluateStep(rules, states, warmup.slice(i, i + stepSize), { latenessMs: 60_000 });
  }

  const load = loadavg()[0]!;
  const cpu = process.cpuUsage();
  const started = performance.now();
  let alerts = 0;
  for (let i = 0; i < events.length; i += stepSize) {
    const step = evaluateStep(rules, states, events.slice(i, i + stepSize), { latenessMs: 60_000 });
    alerts += step.alerts.length;
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;

  return {
    name: `evaluate, ${ruleCount} enabled rules (one core)`,
    value: events.length / seconds,
    unit: 'events/s',
    note:
      `goal ${goals[ruleCount].toLocaleString('en-US')}/s; ${Math.round(events.length / cpuSeconds).toLocaleString('en-US')}/s of CPU; ` +
      `${alerts.toLocaleString('en-US')} alerts; load average ${load.toFixed(1)}`,
  };
}

async function runnerThroughput(
  source: readonly StoredEvent[],
  dialect: (typeof dialects)[number],
): Promise<BenchResult> {
  const test = await createTestStore(dialect);
  try {
    const { db, prisma } = test.store;
    const user = await new UserService(prisma).ensure();
    const rules = new RuleService({ prisma, db, clock: systemClock });
    for (const input of generatedRules(100)) await rules.create(input, user);
    const ingest = new IngestService({
      db,
      clock: systemClock,
      logger: silentLogger,
      pubsub: null,
    });
    const events = copies(source, storedEvents);
    for (let i = 0; i < events.length; i += 1000)
      await ingest.storeEvents(events.slice(i, i + 1000));

    const sut = new EvaluatorRunner({
      db,
      clock: systemClock,
      logger: silentLogger,
      pubsub: { publish: () => {} },
      leadership: createLeadership(test.target, silentLogger),
      allowedLatenessMs: 60_000,
    });
    const started = performance.now();
    await sut.drain();
    const seconds = (performance.now() - started) / 1000;
    await sut.stop();
    const alerts = await db.get<{ n: unknown }>('SELECT count(*) AS n FROM alerts');

    return {
      name: `evaluator runner, 100 rules, ${dialect}`,
      value: events.length / seconds,
      unit: 'events/s',
      note: `read, evaluate and commit in steps of ${stepSize}; ${Number(alerts?.n).toLocaleString('en-US')} alerts stored with their events`,
    };
  } finally {
    await test.destroy();
  }
}

// The subscribers and the load run in a worker thread, so the server's process spends
// its CPU on the server alone.
async function alertLatency(): Promise<BenchResult[]> {
  const { target, destroy } = await createTestTarget('sqlite');
  const config = readConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    TELLTALE_WEB_DIR: '',
    DATABASE_URL: `file:${target.dialect === 'sqlite' ? target.path : ''}`,
  });
  const app = await startApp(config, silentLogger);
  let samples: number[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();

  try {
    const user = await app.services.users.ensure();
    for (const input of generatedRules(100)) await app.services.rules.create(input, user);
    await app.services.rules.create(
      {
        name: 'Marker',
        query: 'process.name: marker.exe',
        trigger: { type: TriggerType.SINGLE_MATCH },
      },
      user,
    );
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { role: latencyClientRole, url: app.http.url },
    });
    samples = await new Promise<number[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
  } finally {
    await app.close();
    await destroy();
  }

  const used = process.cpuUsage(cpu);
  const cpuShare = (used.user + used.system) / 1000 / (performance.now() - started);
  samples.sort((a, b) => a - b);
  const percentile = (p: number) =>
    samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] ?? NaN;
  const note =
    `${latency.eventsPerSecond}/s ingested over HTTP with ${latency.subscribers} graphql-ws ` +
    `subscribers, 101 rules, SQLite; ${samples.length} messages; server used ` +
    `${(cpuShare * 100).toFixed(0)}% of a core; load average ${loadavg()[0]!.toFixed(1)}`;
  return [
    {
      name: 'alert latency p50 (ingest request to subscription message)',
      value: percentile(0.5),
      unit: 'ms',
      note,
    },
    { name: 'alert latency p99', value: percentile(0.99), unit: 'ms', note: 'goal at most 50 ms' },
  ];
}

const latencyClientRole = 'evaluate-bench-latency-client';

// In the worker: subscribe, wait until every subscription is live, send the load, and
// post back each message's delay from the request that carried its marker event.
async function runLatencyClient(url: string): Promise<void> {
  const sentAt = new Map<string, number>();
  const samples: number[] = [];
  const clients = Array.from({ length: latency.subscribers }, () =>
    createClient({
      url: `${url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    }),
  );
  const ready = clients.map(
    (client) =>
      new Promise<void>((resolve) => {
        client.subscribe<{ alertTriggered: { title: string } }>(
          { query: 'subscription { alertTriggered { title } }' },
          {
            next: (result) => {
              const title = result.data?.alertTriggered.title ?? '';
              const marker = /^Marker on (marker-\d+)$/.exec(title)?.[1];
              if (marker === 'marker-0') resolve();
              else if (marker && sentAt.has(marker))
                samples.push(performance.now() - sentAt.get(marker)!);
            },
            error: () => resolve(),
            complete: () => {},
          },
        );
      }),
  );
  // A first marker, repeated until every client has its subscription in place.
  const warm = setInterval(() => void post(url, markerLine(0)), 200);
  await Promise.all(ready);
  clearInterval(warm);

  const lines = captureLines();
  const perRequest = latency.eventsPerSecond / latency.requestsPerSecond;
  const requests = latency.seconds * latency.requestsPerSecond;
  const started = performance.now();
  for (let index = 1; index <= requests; index++) {
    const due = started + (index * 1000) / latency.requestsPerSecond;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    const body = [
      ...Array.from(
        { length: perRequest - 1 },
        (_, i) => lines[(index * perRequest + i) % lines.length]!,
      ),
      markerLine(index),
    ].join('\n');
    sentAt.set(`marker-${index}`, performance.now());
    void post(url, body);
  }
  const deadline = performance.now() + 10_000;
  while (samples.length < requests * latency.subscribers && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (const client of clients) await client.dispose();
  parentPort!.postMessage(samples);
}

if (!isMainThread && workerData?.role === latencyClientRole) {
  void runLatencyClient(workerData.url as string);
}

async function post(url: string, body: string): Promise<void> {
  await fetch(`${url}/ingest`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-ndjson' },
  });
}

function markerLine(index: number): string {
  return JSON.stringify({
    dateTime: new Date().toISOString().replace('Z', '+0000'),
    type: 'PROCESS',
    action: 'STARTED',
    asset: { hostName: `marker-${index}` },
    process: { processName: 'marker.exe', pid: 4242, imageFullPath: 'C:\\marker.exe' },
  });
}

/**
 * Rules in the mix a deployment would have: the demo rules, then variations in the shapes
 * Sigma rules take (an executable name, a command-line fragment, a port, a file or registry
 * path, a pipe name, a parent and child), mostly Single Match, some count and scheduled
 * windows, some aggregated. Each variation names its own value, so most rules rarely match.
 */
export function generatedRules(count: number): RuleInputValue[] {
  const names = [
    'powershell.exe',
    'cmd.exe',
    'rundll32.exe',
    'regsvr32.exe',
    'mshta.exe',
    'wscript.exe',
    'cscript.exe',
    'bitsadmin.exe',
    'certutil.exe',
    'schtasks.exe',
    'sc.exe',
    'taskkill.exe',
    'net.exe',
    'net1.exe',
    'whoami.exe',
    'nltest.exe',
    'wmic.exe',
    'vssadmin.exe',
    'bcdedit.exe',
    'procdump.exe',
    'psexec.exe',
    'mimikatz.exe',
    'ntdsutil.exe',
    'reg.exe',
  ];
  const name = (i: number) => (i < names.length ? names[i]! : `tool${i}.exe`);
  const rules: RuleInputValue[] = demoRules.slice(0, count).map(({ key: _key, ...rule }) => rule);
  for (let i = 0; rules.length < count; i++) {
    const query = [
      `type: PROCESS and action: STARTED and process.name: ${name(i)}`,
      `type: PROCESS and process.commandLine: *-${name(i).replace('.exe', '')}-flag* and not process.path: c:\\windows\\system32\\*`,
      `type: NETWORK and network.remote.address.port: ${1024 + i}`,
      `type: FILE and file.fullPath: *\\temp\\*.${['ps1', 'exe', 'dll', 'hta'][i % 4]} and process.name: ${name(i)}`,
      `type: REGISTRY and registry.path: *\\currentversion\\run* and process.name: ${name(i)}`,
      `type: MUTEX and handle.name: (\\postex_${i}*, \\msagent_${i}*)`,
      `process.parent.name: ${name(i)} and process.name: (cmd.exe, powershell.exe)`,
    ][i % 7]!;
    const kind = i % 10;
    rules.push({
      name: `Generated ${i}`,
      query,
      trigger:
        kind < 7
          ? { type: TriggerType.SINGLE_MATCH }
          : kind < 9
            ? { type: TriggerType.COUNT_MATCH, count: 3 + (i % 5), windowSeconds: 300 }
            : {
                type: TriggerType.SCHEDULED_MATCH,
                schedule: {
                  repeat: 'DAILY',
                  startDate: '2019-01-01',
                  startTime: '00:00',
                  durationMinutes: 60,
                },
              },
      aggregate: kind === 2 || kind === 7,
      group:
        kind === 2
          ? { by: GroupBy.HOSTNAME }
          : kind === 7
            ? { by: GroupBy.FIELD, field: 'process.user' }
            : undefined,
    });
  }
  return rules;
}

function record(input: RuleInputValue, id: number): RuleRecord {
  return {
    ...validateRuleInput(input),
    id,
    version: 1,
    resetVersion: 1,
    startEventId: 0,
    lastTriggeredAt: null,
    createdAt: 0,
    createdById: 1,
    updatedAt: 0,
    updatedById: 1,
    deletedAt: null,
  };
}

function captureLines(): string[] {
  return captureNames.flatMap((name) =>
    readFileSync(sysmonCapture(name), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== ''),
  );
}

function captureEvents(): StoredEvent[] {
  return captureLines().flatMap((line) => {
    const outcome = readLine(line);
    if (outcome.kind !== 'event') return [];
    return [
      { ...outcome.event, id: 0, receivedAt: outcome.event.time, assetId: 1, objectKey: null },
    ];
  });
}

// Copies of the captures, each a day later and on its own hosts, with ids in sequence.
function copies(source: readonly StoredEvent[], count: number, firstId = 0): StoredEvent[] {
  const out: StoredEvent[] = [];
  for (let round = 0; out.length < count; round++) {
    for (const event of source) {
      if (out.length === count) break;
      const time = event.time + round * 86_400_000;
      out.push({
        ...event,
        id: firstId + out.length + 1,
        time,
        receivedAt: time,
        hostname: `${event.hostname}-${round % 50}`,
      });
    }
  }
  return out;
}
