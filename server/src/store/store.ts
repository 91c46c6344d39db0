import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { dirname } from 'node:path';

import { PrismaClient as PostgresClient } from '../generated/prisma/postgresql/client.js';
import { PrismaClient as SqliteClient } from '../generated/prisma/sqlite/client.js';
import { TelltaleError } from '../errors.js';
import type { Logger } from '../logger.js';
import { ensureDataFolder } from './data-folder.js';
import type { Db } from './db.js';
import { migrate } from './migrate.js';
import { openPostgres } from './postgres.js';
import { createSecretBox, sqliteKeySource, type SecretBox } from './secret-box.js';
import { openSqlite } from './sqlite.js';

/**
 * Prisma Client for rules, actions, users and alerts. Both generated clients share one
 * shape; the PostgreSQL one names the type.
 */
export type Prisma = PostgresClient;

/** An open store: plain SQL for the hot paths, Prisma Client for the rest. */
export interface Store {
  db: Db;
  prisma: Prisma;
  /** Where the store lives, for logs: a file path or a URL without its password. */
  location: string;
  /** Seals action secrets at rest. */
  secrets: SecretBox;
  close(): Promise<void>;
}

export interface StoreOptions {
  /**
   * The key action secrets are encrypted with. Without one, a SQLite store keeps its own in
   * the file `secret.key` beside it, made when the first secret is stored; a PostgreSQL
   * store keeps secrets as they are.
   */
  secretKey?: string | null;
}

export type StoreTarget =
  | {
      dialect: 'sqlite';
      path: string;
      /** The setting the path came from, named when its folder cannot be used. */
      setting?: string;
    }
  | { dialect: 'postgresql'; url: string };

/** Opens the store, applies pending migrations and connects Prisma Client. */
export async function openStore(
  target: StoreTarget,
  logger: Logger,
  options: StoreOptions = {},
): Promise<Store> {
  let folder: string | null = null;
  if (target.dialect === 'sqlite' && target.path !== ':memory:') {
    folder = dirname(target.path);
    ensureDataFolder(folder, target.setting ?? 'the SQLite path');
  }
  const secrets = createSecretBox(
    options.secretKey ? { key: options.secretKey } : folder ? sqliteKeySource(folder) : null,
  );

  const db = target.dialect === 'sqlite' ? openSqlite(target.path) : openPostgres(target.url);
  try {
    // Any failure of a first statement is one of reaching or entering the database.
    if (target.dialect === 'postgresql') {
      await db.run('SELECT 1').catch((error: unknown) => {
        throw connectError(error, target.url);
      });
    }
    await migrate(db, logger);
  } catch (error) {
    await db.close();
    throw error;
  }

  const prisma =
    target.dialect === 'sqlite'
      ? createSqlitePrisma(db, target.path)
      : createPostgresPrisma(target.url);
  const location = target.dialect === 'sqlite' ? target.path : redactUrl(target.url);

  return {
    db,
    prisma,
    location,
    secrets,
    close: async () => {
      await prisma.$disconnect();
      await db.close();
    },
  };
}

// A store that cannot be reached is a setting to change: one line that names it.
function connectError(error: unknown, url: string): TelltaleError {
  const code = (error as { code?: string } | null)?.code;
  const reason = error instanceof Error && error.message ? error.message : (code ?? String(error));
  return new TelltaleError(
    `DATABASE_URL: cannot use the PostgreSQL database at ${redactUrl(url)}: ${reason}`,
    'STORE_UNREACHABLE',
  );
}

/** A connection string with its password replaced, safe to log. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable database URL)';
  }
}

function createPostgresPrisma(url: string): Prisma {
  return new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: 5 }) });
}

// Prisma Client writes through its own SQLite connection. Each of its writes takes the
// store's write lock, so it never lands in the middle of one of our transactions (the
// connections would wait on each other inside one thread).
function createSqlitePrisma(db: Db, path: string): Prisma {
  const adapter = new PrismaBetterSQLite3(
    { url: path, timeout: 10_000 },
    { timestampFormat: 'unixepoch-ms' },
  );
  const client = new SqliteClient({ adapter }).$extends({
    query: {
      $allOperations({ operation, args, query }) {
        return isRead(operation) ? query(args) : db.exclusive(() => query(args));
      },
    },
  });
  return client as unknown as Prisma;
}

function isRead(operation: string): boolean {
  return /^(find|count|aggregate|groupBy)/.test(operation);
}
