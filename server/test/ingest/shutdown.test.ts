import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../../src/logger.js';
import { openStore, type StoreTarget } from '../../src/store/store.js';
import { processStarted } from '../harness/native-records.js';
import { graphql, startServerProcess, type ServerProcess } from '../harness/server-process.js';
import { createTestTarget, dialects } from '../harness/stores.js';
import { waitFor } from '../harness/wait.js';

// The upload is never finished: the server must answer it from what it has committed.
const lineCount = 100_000;
const linesPerChunk = 250;
// Slow enough that the upload is still going when the signal lands.
const chunkDelayMs = 5;
// How long a stopped server may take to end before the test gives up on it.
const exitTimeoutMs = 30_000;

interface Answer {
  status: number;
  body: {
    error: { code: string; message: string; lastLine: number };
    summary: { lines: number; accepted: number; skipped: number; rejected: number };
  };
}

describe.each(dialects)('POST /ingest on %s when the server is stopped', (dialect) => {
  const cleanups: Array<() => void | Promise<void>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  const start = async (target: StoreTarget): Promise<ServerProcess> => {
    const server = await startServerProcess({
      DATABASE_URL: target.dialect === 'sqlite' ? `file:${target.path}` : target.url,
    });
    cleanups.push(() => server.stop('SIGKILL'));
    return server;
  };

  it('answers with the lines committed before it stops, and the rest can be sent again', async () => {
    const { target, destroy } = await createTestTarget(dialect);
    cleanups.push(destroy);
    const server = await start(target);

    const upload = streamSlowly(`${server.url}/ingest`, lineCount);
    await waitFor('3 committed batches', async () => (await storedCount(server.url)) >= 3000, {
      timeoutMs: 60_000,
    });
    // Writing on after the server has answered and closed the connection would end in
    // EPIPE before the answer is read; the request still never ends.
    upload.pause();
    server.child.kill('SIGTERM');
    const answer = await upload.answer;

    const exitCode = await Promise.race([
      server.exited,
      new Promise<string>((resolve) => setTimeout(() => resolve('still running'), exitTimeoutMs)),
    ]);
    const sent = upload.linesSent();
    const stored = await countEvents(target);
    const { lines: committed } = answer.body.summary;

    expect(exitCode).toBe(0);
    expect(server.logs.filter((line) => line.level !== 'info')).toEqual([]);
    expect(answer.status).toBe(503);
    expect(answer.body.summary).toMatchObject({
      lines: stored,
      accepted: stored,
      skipped: 0,
      rejected: 0,
    });
    expect(answer.body.error).toEqual({
      code: 'INTERRUPTED',
      message:
        `the server is shutting down; lines after ${stored} were not stored: ` +
        `send them again from line ${stored + 1}`,
      lastLine: stored,
    });
    expect(stored).toBeGreaterThanOrEqual(3000);
    expect(stored).toBeLessThan(sent);

    const again = await start(target);
    const response = await fetch(`${again.url}/ingest`, {
      method: 'POST',
      body: lines(committed + 1, sent).join(''),
    });
    const summary = (await response.json()) as Answer['body']['summary'];
    await again.stop();

    expect(response.status).toBe(200);
    expect(summary).toMatchObject({ lines: sent - committed, accepted: sent - committed });
    expect(await countEvents(target)).toBe(sent);
    expect(await countEvents(target, 'DISTINCT process_pid')).toBe(sent);
  });
});

// Lines `from` to `to`, numbered from 1; line n is the start of process n.
function lines(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, index) => {
    const n = from + index;
    const guid = `6f1c2a7e-0001-4000-8000-${String(n).padStart(12, '0')}`;
    return `${JSON.stringify(processStarted({ second: n, pid: n, guid }))}\n`;
  });
}

// Sends lines 1 to `count` a few at a time, until paused, and never ends the request; the
// answer is whatever the server says before that.
function streamSlowly(url: string, count: number) {
  let sent = 0;
  let answered = false;
  let paused = false;
  const req = request(url, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' } });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      res.once('error', reject);
    });
  });
  answer.catch(() => {});

  void (async () => {
    while (!answered && !paused && sent < count) {
      const chunk = lines(sent + 1, Math.min(count, sent + linesPerChunk));
      req.write(chunk.join(''));
      sent += chunk.length;
      await new Promise((resolve) => setTimeout(resolve, chunkDelayMs));
    }
  })();
  return { answer, linesSent: () => sent, pause: () => (paused = true) };
}

async function storedCount(url: string): Promise<number> {
  const data = await graphql<{ events: { totalCount: number } }>(
    url,
    '{ events(first: 1) { totalCount } }',
  );
  return data.events.totalCount;
}

async function countEvents(target: StoreTarget, what = '*'): Promise<number> {
  const store = await openStore(target, silentLogger);
  try {
    const row = await store.db.get<{ n: unknown }>(`SELECT COUNT(${what}) AS n FROM events`);
    return Number(row?.n);
  } finally {
    await store.close();
  }
}
