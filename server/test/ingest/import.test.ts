import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { importFiles } from '../../src/cli/import.js';
import { hasSharedData, sysmonCapture } from '../harness/shared-data.js';
import { createTestTarget, dialects } from '../harness/stores.js';

describe.skipIf(!hasSharedData).each(dialects)('telltale import on %s', (dialect) => {
  let dir: string;
  let env: Record<string, string>;
  let destroy: () => Promise<void>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'telltale-import-'));
    const target = await createTestTarget(dialect);
    destroy = target.destroy;
    env = {
      LOG_LEVEL: 'warn',
      TELLTALE_DATA_DIR: dir,
      DATABASE_URL:
        target.target.dialect === 'sqlite' ? `file:${target.target.path}` : target.target.url,
    };
  });

  afterEach(async () => {
    await destroy?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (files: string[], tty = false) => {
    const out: string[] = [];
    const err: string[] = [];
    let now = 0;
    const code = await importFiles(files, {
      env,
      stdout: { write: (text: string) => out.push(text) },
      stderr: { isTTY: tty, columns: 100, write: (text: string) => err.push(text) },
      // Every reading of the clock is a second later: each chunk may redraw.
      clock: { now: () => (now += 1000) },
    });
    return { code, summaries: out.map((text) => JSON.parse(text)), err: err.join('') };
  };

  it('imports plain and gzip files and prints each summary', async () => {
    const apt = join(dir, 'apt.ndjson');
    const covenant = join(dir, 'covenant.ndjson.gz');
    copyFileSync(sysmonCapture('aptsimulator_cobaltstrike'), apt);
    writeFileSync(covenant, gzipSync(readFileSync(sysmonCapture('covenant_psremoting_grunt'))));

    const { code, summaries, err } = await run([apt, covenant]);

    expect(code).toBe(0);
    expect(summaries).toMatchObject([
      { file: apt, lines: 606, accepted: 258, skipped: 348, rejected: 0, firstId: 1, lastId: 258 },
      { file: covenant, lines: 544, accepted: 544, skipped: 0, rejected: 0, firstId: 259 },
    ]);
    // `error` comes only with a file that stopped early.
    expect(summaries.map((summary) => 'error' in summary)).toEqual([false, false]);
    expect(err.split('\n').filter((line) => !line.includes('% read'))).toEqual([
      'apt.ndjson: 606 lines, 258 accepted, 348 skipped, 0 rejected',
      'covenant.ndjson.gz: 544 lines, 544 accepted, 0 skipped, 0 rejected',
      '',
    ]);
    // The first 64 KiB chunk is read before any batch is stored.
    expect(err).toContain('apt.ndjson: 8% read (0.1 of 0.8 MB), 0 lines, 0 events stored\n');
    for (const line of err.split('\n').filter((text) => text.includes('% read'))) {
      expect(line).toMatch(/^(apt\.ndjson|covenant\.ndjson\.gz): \d+% read \(/);
    }
  });

  it('draws a bar on a terminal', async () => {
    const apt = join(dir, 'apt.ndjson');
    copyFileSync(sysmonCapture('aptsimulator_cobaltstrike'), apt);

    const { err } = await run([apt], true);

    expect(err).toContain(
      '\r\x1b[Kapt.ndjson [########################################] 100% 0.8/0.8 MB 258 events',
    );
  });

  it('goes on after a missing file and a folder, and exits 1', async () => {
    const apt = join(dir, 'apt.ndjson');
    copyFileSync(sysmonCapture('aptsimulator_cobaltstrike'), apt);
    const missing = join(dir, 'missing.ndjson');

    const { code, summaries } = await run([missing, dir, apt]);

    expect(code).toBe(1);
    expect(summaries).toMatchObject([
      {
        file: missing,
        lines: 0,
        error: { code: 'UNREADABLE_INPUT', message: `${missing} does not exist` },
      },
      {
        file: dir,
        lines: 0,
        error: { code: 'UNREADABLE_INPUT', message: `${dir} is a folder: name the files in it` },
      },
      { file: apt, accepted: 258 },
    ]);
  });

  it('explains its usage when no file is named', async () => {
    const { code, err } = await run([]);

    expect(code).toBe(2);
    expect(err.split('\n')[0]).toBe('usage: telltale import FILE...');
  });
});
