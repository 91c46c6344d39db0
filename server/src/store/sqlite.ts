import Database from 'better-sqlite3';

import type { Db, Queryable, Row, SqlValue } from './db.js';
import { Mutex } from './mutex.js';
import { createCheckpointer } from './sqlite-checkpointer.js';

const statementCacheSize = 500;
const pageSize = 16_384;
const checkpointWalBytes = 40 * 2 ** 20;
// While the checkpointer's worker runs, the writer checkpoints only if the WAL grows this
// large anyway (readers holding old snapshots for a long time).
const fallbackCheckpointWalBytes = 512 * 2 ** 20;
const checkpointer = { startBytes: 8 * 2 ** 20, intervalMs: 100 };

/**
 * Opens the SQLite store at `path` in WAL mode; its folder must exist.
 *
 * @remarks
 * Writes go through one connection and a lock, so a transaction that awaits between its
 * statements is never joined by an unrelated statement. Reads outside a transaction use a
 * second connection and never wait for writers (WAL).
 */
export function openSqlite(path: string): Db {
  const writer = connect(path);
  // Until the checkpointer's worker starts, checkpoints run in the connection that commits.
  // Every 40 MB of WAL instead of SQLite's 1000 pages, pages that many commits rewrite
  // (index leaves, the table's last page) are copied to the database once, not each time.
  // Durability is the same: WAL commits, fsync at checkpoints (synchronous=NORMAL).
  const pageBytes = writer.pragma('page_size', { simple: true }) as number;
  const checkpointAt = (bytes: number) =>
    writer.pragma(`wal_autocheckpoint = ${Math.round(bytes / pageBytes)}`);
  checkpointAt(checkpointWalBytes);
  // Once ingest has written a few megabytes, checkpoints move to a worker thread.
  const background =
    path === ':memory:'
      ? null
      : createCheckpointer(path, {
          ...checkpointer,
          onRunning: (running) => {
            if (writer.open)
              checkpointAt(running ? fallbackCheckpointWalBytes : checkpointWalBytes);
          },
        });
  // An in-memory database exists once per connection, so it cannot have a reader.
  const reader = path === ':memory:' ? writer : connect(path);
  const writes = new Mutex();
  const writerHandle = createHandle(writer);
  const readerHandle = path === ':memory:' ? writerHandle : createHandle(reader);

  return {
    dialect: 'sqlite',
    all: (sql, params) => readerHandle.all(sql, params),
    get: (sql, params) => readerHandle.get(sql, params),
    run: (sql, params) => writes.run(() => writerHandle.run(sql, params)),
    exclusive: (work) => writes.run(work),
    transaction: (work) =>
      writes.run(async () => {
        writer.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(writerHandle);
          writer.exec('COMMIT');
          background?.afterCommit();
          return result;
        } catch (error) {
          if (writer.inTransaction) writer.exec('ROLLBACK');
          throw error;
        }
      }),
    close: async () => {
      await background?.close();
      await writes.run(async () => {
        if (reader !== writer) reader.close();
        writer.close();
      });
    },
  };
}

function connect(path: string): Database.Database {
  const db = new Database(path, { timeout: 10_000 });
  // Takes effect only when the file is created; an existing store keeps its page size.
  // Event rows are ~1.5 KB: 16 KiB pages hold ten of them, so a batch writes fewer, fuller
  // pages, and scans read fewer pages too.
  db.pragma(`page_size = ${pageSize}`);
  db.pragma('journal_mode = WAL');
  // NORMAL keeps WAL commits durable against a process crash; only an OS crash or power
  // loss can drop the last transactions.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  return db;
}

function createHandle(db: Database.Database): Queryable {
  const statements = new Map<string, Database.Statement>();

  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      if (statements.size >= statementCacheSize) statements.clear();
      statements.set(sql, statement);
    }
    return statement;
  };

  return {
    dialect: 'sqlite',
    all: async <T = Row>(sql: string, params: readonly SqlValue[] = []) =>
      prepare(sql).all(...params.map(bind)) as T[],
    get: async <T = Row>(sql: string, params: readonly SqlValue[] = []) =>
      prepare(sql).get(...params.map(bind)) as T | undefined,
    run: async (sql, params = []) => prepare(sql).run(...params.map(bind)).changes,
  };
}

function bind(value: SqlValue): string | number | bigint | null {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}
