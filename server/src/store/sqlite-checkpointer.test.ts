import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { waitFor } from '../../test/harness/wait.js';
import { createCheckpointer } from './sqlite-checkpointer.js';

const pageSize = 4096;
const rows = 200;

describe(createCheckpointer.name, () => {
  let dir: string;
  let path: string;
  let db: Database.Database;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'telltale-checkpoint-'));
    path = join(dir, 'telltale.db');
    db = new Database(path);
    db.pragma(`page_size = ${pageSize}`);
    db.pragma('journal_mode = WAL');
    // Only the checkpointer copies pages into the database file, which holds its first page.
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE records (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  });

  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stays idle while the WAL is smaller than its start size', async () => {
    const running: boolean[] = [];
    const sut = createCheckpointer(path, {
      startBytes: 64 * 2 ** 20,
      intervalMs: 10,
      onRunning: (value) => running.push(value),
    });

    insertRecords(db);
    sut.afterCommit();
    await sut.close();

    expect(running).toEqual([]);
    expect(sut.isRunning).toBe(false);
    expect(statSync(path).size).toBe(pageSize);
  });

  it('copies committed pages into the database file from its worker', async () => {
    const running: boolean[] = [];
    const sut = createCheckpointer(path, {
      startBytes: 1,
      intervalMs: 10,
      onRunning: (value) => running.push(value),
    });

    insertRecords(db);
    sut.afterCommit();
    const pages = db.pragma('page_count', { simple: true }) as number;
    await waitFor('the checkpoint', () => statSync(path).size === pages * pageSize);
    const isRunning = sut.isRunning;
    await sut.close();

    expect(pages).toBe(52);
    expect(isRunning).toBe(true);
    expect(running).toEqual([true, false]);
    expect(sut.isRunning).toBe(false);
  });

  it('does not start again after it was closed', async () => {
    const running: boolean[] = [];
    const sut = createCheckpointer(path, {
      startBytes: 1,
      intervalMs: 10,
      onRunning: (value) => running.push(value),
    });

    await sut.close();
    insertRecords(db);
    sut.afterCommit();

    expect(running).toEqual([]);
    expect(sut.isRunning).toBe(false);
  });
});

// 200 rows of 1 KB: about 50 pages of 4 KiB, all in the WAL until a checkpoint.
function insertRecords(db: Database.Database): void {
  const insert = db.prepare('INSERT INTO records (body) VALUES (?)');
  db.transaction(() => {
    for (let index = 0; index < rows; index++) insert.run('x'.repeat(1000));
  })();
}
