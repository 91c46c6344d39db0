import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startApp, type App } from '../../src/app.js';
import { readConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { Topic } from '../../src/pubsub/topics.js';
import { hasSharedData, sysmonCapture } from '../harness/shared-data.js';
import { createTestTarget, dialects } from '../harness/stores.js';

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

describe.skipIf(!hasSharedData).each(dialects)('POST /ingest and ingestEvents on %s', (dialect) => {
  let app: App;
  let cleanup: () => Promise<void>;
  const apt = () => readFileSync(sysmonCapture('aptsimulator_cobaltstrike'));
  const covenant = () => readFileSync(sysmonCapture('covenant_psremoting_grunt'));

  beforeEach(async () => {
    const target = await createTestTarget(dialect);
    const dataDir = mkdtempSync(join(tmpdir(), 'telltale-ingest-'));
    const config = readConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      TELLTALE_DATA_DIR: dataDir,
      TELLTALE_WEB_DIR: '',
      TELLTALE_INGEST_MAX_BODY_MB: '1',
      DATABASE_URL:
        target.target.dialect === 'sqlite' ? `file:${target.target.path}` : target.target.url,
    });
    app = await startApp(config, silentLogger);
    cleanup = async () => {
      await app.close();
      await target.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    };
  });

  afterEach(async () => {
    await cleanup?.();
  });

  const post = (body: Buffer, headers: Record<string, string> = {}): Promise<Answer> =>
    send(`${app.http.url}/ingest`, [body], { 'content-length': String(body.length), ...headers });

  const graphql = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${app.http.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data: Record<string, never>; errors?: unknown[] };
  };

  it('stores an NDJSON body and answers with the summary', async () => {
    const { status, body } = await post(covenant(), { 'content-type': 'application/x-ndjson' });

    expect(status).toBe(200);
    expect(body).toMatchObject({ lines: 544, accepted: 544, skipped: 0, rejected: 0 });
    expect(body.byType).toEqual({ PROCESS: 17, FILE: 205, NETWORK: 296, MUTEX: 26, REGISTRY: 0 });
    // `error` comes only with an input that stopped early.
    expect(Object.keys(body)).toEqual([
      'lines',
      'accepted',
      'skipped',
      'rejected',
      'firstId',
      'lastId',
      'byType',
      'skippedByReason',
      'rejectedByReason',
      'skips',
      'rejections',
      'truncated',
    ]);
  });

  it('rejects an out-of-range time and reads a byte order mark opening a second gzip member', async () => {
    const line = (host: string, dateTime: string) =>
      `{"dateTime":${dateTime},"type":"PROCESS","action":"STARTED","asset":{"hostName":"${host}"},"process":{"name":"a.exe"}}\r\n`;
    const members = Buffer.concat([
      gzipSync(`\ufeff${line('WS-NEG', '-99999999999999999')}`),
      gzipSync(`\ufeff${line('WS-OK', '"1726360200000"')}`),
    ]);

    const { status, body } = await post(members);

    expect(status).toBe(200);
    expect(body).toMatchObject({
      lines: 2,
      accepted: 1,
      rejected: 1,
      rejections: [
        {
          line: 1,
          reason: 'dateTime is out of range (1970-01-01 to 9999-12-31): -100000000000000000',
        },
      ],
    });
  });

  it('reads gzip bodies, announced by Content-Encoding or recognised by their first bytes', async () => {
    const compressed = gzipSync(apt());

    const announced = await post(compressed, { 'content-encoding': 'gzip' });
    const sniffed = await post(compressed);

    for (const { status, body } of [announced, sniffed]) {
      expect(status).toBe(200);
      expect(body).toMatchObject({ lines: 606, accepted: 258, skipped: 348, rejected: 0 });
    }
    expect(sniffed.body).toMatchObject({ firstId: 259, lastId: 516 });
  });

  it('lists rejected lines with their numbers and reasons', async () => {
    const lines = apt().toString().trimEnd().split('\n');
    lines[4] = lines[4]!.slice(0, 100);

    const { status, body } = await post(Buffer.from(lines.join('\n')));

    expect(status).toBe(200);
    expect(body).toMatchObject({
      rejected: 1,
      rejections: [{ line: 5, reason: 'not valid JSON' }],
    });
  });

  it('refuses a body whose Content-Length is over the limit before reading it', async () => {
    const body = Buffer.concat([covenant(), covenant()]);

    const answer = await post(body);

    expect(answer.status).toBe(413);
    expect(answer.body.error).toMatchObject({ code: 'BODY_TOO_LARGE', maxBytes: 1048576 });
    expect(await eventCount(app)).toBe(0);
  });

  it('stops a chunked body at the limit and says what it stored before', async () => {
    const text = covenant();
    const chunks = [text, text].flatMap((part) =>
      Array.from({ length: Math.ceil(part.length / 65536) }, (_, index) =>
        part.subarray(index * 65536, (index + 1) * 65536),
      ),
    );

    const { status, body } = await send(`${app.http.url}/ingest`, chunks, {});

    expect(status).toBe(413);
    const summary = body.summary as { lines: number; accepted: number };
    expect(body.error).toMatchObject({ code: 'BODY_TOO_LARGE', lastLine: summary.lines });
    // The first copy fits under the limit whole; every line read is a stored event.
    expect(summary.lines).toBeGreaterThanOrEqual(544);
    expect(summary.accepted).toBe(summary.lines);
    expect(await eventCount(app)).toBe(summary.accepted);
  });

  it('refuses a compression it cannot read', async () => {
    const { status, body } = await post(covenant(), { 'content-encoding': 'br' });

    expect(status).toBe(415);
    expect(body.error).toMatchObject({ code: 'UNSUPPORTED_ENCODING', encoding: 'br' });
  });

  it('calls onCommitted and publishes EventsIngested after each batch commits', async () => {
    const committed: unknown[] = [];
    app.services.ingest.onCommitted((batch) => committed.push(batch));
    const published = app.services.pubsub.subscribe(Topic.EventsIngested)[Symbol.asyncIterator]();
    const next = published.next();

    await post(covenant());

    expect(committed).toEqual([{ firstId: 1, lastId: 544, count: 544 }]);
    expect((await next).value).toEqual({ firstId: 1, lastId: 544, count: 544 });
    await published.return?.();
  });

  it('stores a batch through ingestEvents and draws the hierarchy of a stored event', async () => {
    const records = [
      nativeProcess({
        pid: 100,
        guid: '{AAAAAAAA-0000-0000-0000-000000000001}',
        name: 'explorer.exe',
      }),
      nativeProcess({
        pid: 200,
        guid: 'aaaaaaaa-0000-0000-0000-000000000002',
        name: 'cmd.exe',
        parentPid: 100,
        parentGuid: 'AAAAAAAA-0000-0000-0000-000000000001',
      }),
      {
        dateTime: '2024-09-15T00:30:02.000+0000',
        type: 'MUTEX',
        action: 'CREATED',
        asset: { hostName: 'WS-042', agentId: 'agent-42' },
        actor: {
          processName: 'cmd.exe',
          processId: 200,
          guid: 'aaaaaaaa-0000-0000-0000-000000000002',
        },
        handle: { name: 'Global\\evil', kind: 'MUTEX' },
        indicator2: [{ score: '7', verdict: 'MALICIOUS', threatName: 'Beacon' }],
      },
      { dateTime: 'yesterday', type: 'PROCESS', action: 'STARTED', asset: { hostName: 'WS-042' } },
      'a string',
      null,
      ['an', 'array'],
      42,
    ];

    const ingested = await graphql(
      `
        mutation ($events: [JSON]!) {
          ingestEvents(events: $events) {
            accepted
            skipped
            rejected
            firstId
            lastId
            byType {
              type
              count
            }
            rejections {
              line
              reason
            }
          }
        }
      `,
      { events: records },
    );
    const cmd = await graphql(`
      query {
        event(id: "2") {
          type
          action
          hostname
          process {
            name
            pid
            guid
          }
          hierarchy {
            focusNodeId
            processNodeId
            truncated
            nodes {
              id
              kind
              label
              state
              eventId
            }
            edges {
              from
              to
              kind
            }
          }
        }
      }
    `);

    expect(ingested.errors).toBeUndefined();
    expect(ingested.data.ingestEvents).toEqual({
      accepted: 3,
      skipped: 0,
      rejected: 5,
      firstId: '1',
      lastId: '3',
      byType: [
        { type: 'PROCESS', count: 2 },
        { type: 'FILE', count: 0 },
        { type: 'NETWORK', count: 0 },
        { type: 'MUTEX', count: 1 },
        { type: 'REGISTRY', count: 0 },
      ],
      rejections: [
        { line: 4, reason: 'dateTime is not a time: "yesterday"' },
        { line: 5, reason: 'not a JSON object' },
        { line: 6, reason: 'not a JSON object' },
        { line: 7, reason: 'not a JSON object' },
        { line: 8, reason: 'not a JSON object' },
      ],
    });
    const explorer = 'process|1|aaaaaaaa-0000-0000-0000-000000000001';
    const shell = 'process|1|aaaaaaaa-0000-0000-0000-000000000002';
    const mutex = 'mutex|1|aaaaaaaa-0000-0000-0000-000000000002|MUTEX|global\\evil';
    expect(cmd.data.event).toEqual({
      type: 'PROCESS',
      action: 'STARTED',
      hostname: 'WS-042',
      process: { name: 'cmd.exe', pid: 200, guid: 'aaaaaaaa-0000-0000-0000-000000000002' },
      hierarchy: {
        focusNodeId: shell,
        processNodeId: shell,
        truncated: false,
        nodes: [
          { id: shell, kind: 'PROCESS', label: 'cmd.exe (200)', state: 'RUNNING', eventId: '2' },
          {
            id: explorer,
            kind: 'PROCESS',
            label: 'explorer.exe (100)',
            state: 'RUNNING',
            eventId: '1',
          },
          { id: mutex, kind: 'MUTEX', label: 'Global\\evil', state: 'OPEN', eventId: '3' },
        ],
        edges: [
          { from: explorer, to: shell, kind: 'STARTED' },
          { from: shell, to: mutex, kind: 'OPENED' },
        ],
      },
    });
  });

  it('answers null for an event that does not exist and an error for an id that is not one', async () => {
    const answer = await graphql('query { missing: event(id: "99") { id } }');
    const wrong = await graphql('query { event(id: "abc") { id } }');

    expect(answer.data).toEqual({ missing: null });
    expect(wrong.errors).toMatchObject([
      {
        message: 'id: must be an event id: a whole number from 1 to 9007199254740991',
        extensions: { code: 'BAD_USER_INPUT' },
      },
    ]);
  });
});

function nativeProcess(process: {
  pid: number;
  guid: string;
  name: string;
  parentPid?: number;
  parentGuid?: string;
}) {
  return {
    dateTime: `2024-09-15T00:30:0${process.pid / 100 - 1}.000+0000`,
    type: 'PROCESS',
    action: 'STARTED',
    asset: { agentId: 'agent-42', hostName: 'WS-042', platform: 'Windows' },
    process: {
      name: process.name,
      pid: process.pid,
      guid: process.guid,
      imageFullPath: `C:\\Windows\\${process.name}`,
      arguments: process.name,
      userName: 'CORP\\alice',
      parentPid: process.parentPid,
      parentGuid: process.parentGuid,
    },
  };
}

async function eventCount(app: App): Promise<number> {
  const row = await app.services.store.db.get<{ n: unknown }>('SELECT count(*) AS n FROM events');
  return Number(row!.n);
}

// node:http rather than fetch: the server may answer before the body is sent whole.
function send(url: string, chunks: Buffer[], headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, timeout: 20_000 }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString()) }),
      );
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 20 s')));
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The server closes the connection after answering early; the answer still counts.
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    (async () => {
      for (const chunk of chunks) {
        if (req.destroyed) return;
        if (!req.write(chunk)) await new Promise((done) => req.once('drain', done));
      }
      req.end();
    })().catch(reject);
  });
}
