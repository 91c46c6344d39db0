import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const serverDir = fileURLToPath(new URL('../../', import.meta.url));

interface Run {
  code: number | null;
  /** Every stderr line, each parsed as JSON when it is. */
  lines: Array<Record<string, unknown> | string>;
  stderr: string;
}

// `telltale serve` from the sources, to its end: these runs fail before listening.
function serve(env: Record<string, string>, timeoutMs = 60_000): Promise<Run> {
  return telltale(['serve'], env, timeoutMs);
}

function telltale(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<Run> {
  const child = spawn(
    process.execPath,
    ['--import', '@swc-node/register/esm-register', 'src/cli/main.ts', ...args],
    {
      cwd: serverDir,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', TELLTALE_WEB_DIR: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`telltale ${args[0]} did not end within ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const lines = stderr
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          try {
            return JSON.parse(line) as Record<string, unknown>;
          } catch {
            return line;
          }
        });
      resolve({ code, lines, stderr });
    });
  });
}

describe('telltale serve when it cannot start', () => {
  const cleanups: Array<() => void | Promise<void>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'telltale-startup-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };

  it('says in one line that the port is in use, without a stack or WebSocket noise', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as AddressInfo).port;

    const sut = await serve({ PORT: String(port), TELLTALE_DATA_DIR: dataDir() });

    expect(sut.code).toBe(1);
    expect(sut.lines.filter((line) => typeof line === 'string')).toEqual([]);
    expect(sut.lines.filter((line) => typeof line !== 'string' && line.level !== 'info')).toEqual([
      {
        time: expect.any(String),
        level: 'error',
        context: 'telltale',
        message: `port ${port} on 127.0.0.1 is in use: stop the other server or set PORT`,
      },
    ]);
    expect(sut.stderr).not.toContain('WebSocket');
  });

  it('prints a configuration error as its message alone', async () => {
    const sut = await serve({ PORT: '65536', TELLTALE_DATA_DIR: dataDir() });

    expect(sut.code).toBe(1);
    expect(sut.lines).toEqual([
      {
        time: expect.any(String),
        level: 'error',
        context: 'telltale',
        message: 'PORT must be a whole number from 0 to 65535; got "65536"',
      },
    ]);
  });

  it.each([['serve'], ['import', '-']])(
    '%s says in one line that a data folder under /proc cannot be created',
    async (...args) => {
      const sut = await telltale(args, { TELLTALE_DATA_DIR: '/proc/nope' });

      expect(sut.code).toBe(1);
      expect(sut.lines).toEqual([
        {
          time: expect.any(String),
          level: 'error',
          context: 'telltale',
          message:
            'TELLTALE_DATA_DIR: cannot create the folder /proc/nope: /proc does not take new ' +
            'folders; point TELLTALE_DATA_DIR at a folder Telltale can write to',
        },
      ]);
    },
  );

  it('says in one line that the folder of a file: DATABASE_URL is under a file', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'file'), 'x');

    const sut = await serve({ DATABASE_URL: `file:${dir}/file/store/telltale.db` });

    expect(sut.code).toBe(1);
    expect(sut.lines).toEqual([
      {
        time: expect.any(String),
        level: 'error',
        context: 'telltale',
        message:
          `DATABASE_URL: cannot create the folder ${dir}/file/store: ${dir}/file is a file, ` +
          'not a folder; point DATABASE_URL at a folder Telltale can write to',
      },
    ]);
  });
});
