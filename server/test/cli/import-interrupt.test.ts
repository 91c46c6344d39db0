import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../../src/logger.js';
import { openStore, type StoreTarget } from '../../src/store/store.js';
import { processStarted } from '../harness/native-records.js';
import { createTestTarget, dialects } from '../harness/stores.js';
import { waitFor } from '../harness/wait.js';

const serverDir = fileURLToPath(new URL('../../', import.meta.url));
const linesPerChunk = 250;
// Slow enough that the import is still reading when the signal lands.
const chunkDelayMs = 5;
// How long an interrupted import may take to end before the test gives up on it.
const exitTimeoutMs = 30_000;

describe.each(dialects)('telltale import on %s when interrupted', (dialect) => {
  const cleanups: Array<() => void | Promise<void>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'stops after the batch being stored on %s, prints the summary and exits %i',
    async (signal, expectedCode) => {
      const { target, destroy } = await createTestTarget(dialect);
      cleanups.push(destroy);
      // Migrated before the import starts, so that counting from here never migrates beside it.
      await countEvents(target);
      const child = spawn(
        process.execPath,
        ['--import', '@swc-node/register/esm-register', 'src/cli/main.ts', 'import', '-'],
        {
          cwd: serverDir,
          env: {
            PATH: process.env.PATH ?? '',
            LOG_LEVEL: 'warn',
            DATABASE_URL: target.dialect === 'sqlite' ? `file:${target.path}` : target.url,
          },
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      cleanups.push(() => void child.kill('SIGKILL'));
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

      // Never ended: the import must stop on the signal, not at the end of its input.
      let sent = 0;
      let writing = true;
      child.stdin.on('error', () => {});
      void (async () => {
        while (writing) {
          child.stdin.write(lines(sent + 1, sent + linesPerChunk));
          sent += linesPerChunk;
          await new Promise((resolve) => setTimeout(resolve, chunkDelayMs));
        }
      })();
      await waitFor('3 committed batches', async () => (await countEvents(target)) >= 3000, {
        timeoutMs: 60_000,
      });
      child.kill(signal);
      const code = await Promise.race([
        exited,
        new Promise<string>((resolve) => setTimeout(() => resolve('still running'), exitTimeoutMs)),
      ]);
      writing = false;
      const stored = await countEvents(target);

      const reason =
        `the import was interrupted (${signal}); lines after ${stored} were not stored: ` +
        `send them again from line ${stored + 1}`;
      expect(code).toBe(expectedCode);
      expect(JSON.parse(stdout)).toMatchObject({
        file: '-',
        lines: stored,
        accepted: stored,
        skipped: 0,
        rejected: 0,
        firstId: 1,
        lastId: stored,
        error: { code: 'INTERRUPTED', message: reason, lastLine: stored },
      });
      expect(stderr.trimEnd().split('\n').at(-1)).toBe(
        `stdin: ${stored} lines, ${stored} accepted, 0 skipped, 0 rejected; stopped: ${reason}`,
      );
      expect(stored).toBeGreaterThanOrEqual(3000);
      expect(stored).toBeLessThan(sent);
    },
  );
});

// Lines `from` to `to`, numbered from 1; line n is the start of process n.
function lines(from: number, to: number): string {
  return Array.from({ length: to - from + 1 }, (_, index) => {
    const n = from + index;
    const guid = `6f1c2a7e-0001-4000-8000-${String(n).padStart(12, '0')}`;
    return `${JSON.stringify(processStarted({ second: n, pid: n, guid }))}\n`;
  }).join('');
}

async function countEvents(target: StoreTarget): Promise<number> {
  const store = await openStore(target, silentLogger);
  try {
    const row = await store.db.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM events');
    return Number(row?.n);
  } finally {
    await store.close();
  }
}
