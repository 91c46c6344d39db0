import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { startServerProcess, type ServerProcess } from '../harness/server-process.js';

// How long a stopped server may take to end before the test gives up on it.
const exitTimeoutMs = 20_000;

describe('telltale serve on a termination signal', () => {
  const cleanups: Array<() => void | Promise<void>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  const start = async (): Promise<ServerProcess> => {
    const dir = mkdtempSync(join(tmpdir(), 'telltale-shutdown-'));
    // NODE_ENV is left unset, as a user runs it: libraries act differently under `test`.
    const server = await startServerProcess({ TELLTALE_DATA_DIR: dir });
    cleanups.push(async () => {
      await server.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    });
    return server;
  };

  const exitCode = (server: ServerProcess) =>
    Promise.race([
      server.exited,
      new Promise<string>((resolve) =>
        setTimeout(() => resolve(`still running after ${exitTimeoutMs} ms`), exitTimeoutMs),
      ),
    ]);

  it.each(['SIGINT', 'SIGTERM'] as const)('closes cleanly and exits 0 on %s', async (signal) => {
    const server = await start();

    server.child.kill(signal);

    expect(await exitCode(server)).toBe(0);
    expect(server.logs.filter((line) => line.level !== 'info')).toEqual([]);
    expect(server.logs.at(-1)).toMatchObject({ message: 'stopping', signal });
  });

  it('exits 0 when Ctrl-C reaches it twice, from the terminal and from pnpm', async () => {
    const server = await start();

    server.child.kill('SIGINT');
    server.child.kill('SIGINT');

    expect(await exitCode(server)).toBe(0);
    expect(server.logs.filter((line) => line.message === 'stopping')).toHaveLength(1);
  });
});
