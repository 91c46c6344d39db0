import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

import { silentLogger } from '../../src/logger.js';
import { openStore, type Store, type StoreTarget } from '../../src/store/store.js';

/**
 * The PostgreSQL server tests may create databases on, from TELLTALE_TEST_POSTGRES_URL
 * (a connection string to an existing database, used only to create and drop others).
 * Without it the PostgreSQL variants are skipped with a message; under CI
 * (TELLTALE_REQUIRE_POSTGRES=1) its absence fails the run.
 */
export const postgresAdminUrl = process.env.TELLTALE_TEST_POSTGRES_URL || null;

if (!postgresAdminUrl) {
  if (process.env.TELLTALE_REQUIRE_POSTGRES === '1') {
    throw new Error('TELLTALE_TEST_POSTGRES_URL is required but not set');
  }
  console.warn('skipping PostgreSQL variants: TELLTALE_TEST_POSTGRES_URL is not set');
}

/** The dialects tests run on: SQLite always, PostgreSQL when a server is configured. */
export const dialects = postgresAdminUrl
  ? (['sqlite', 'postgresql'] as const)
  : (['sqlite'] as const);

export type TestDialect = (typeof dialects)[number];

export interface TestStore {
  target: StoreTarget;
  store: Store;
  /** Closes the store and removes its file or database. */
  destroy(): Promise<void>;
}

/** A fresh, migrated store of `dialect` that no other test touches. */
export async function createTestStore(dialect: TestDialect): Promise<TestStore> {
  const target = await createTestTarget(dialect);
  const store = await openStore(target.target, silentLogger);
  return {
    target: target.target,
    store,
    destroy: async () => {
      await store.close();
      await target.destroy();
    },
  };
}

/** A fresh empty database (or file path) without opening it, for tests that start servers. */
export async function createTestTarget(
  dialect: TestDialect,
): Promise<{ target: StoreTarget; destroy(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'telltale-test-'));
    return {
      target: { dialect: 'sqlite', path: join(dir, 'telltale.db') },
      destroy: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }

  if (!postgresAdminUrl) throw new Error('PostgreSQL tests need TELLTALE_TEST_POSTGRES_URL');
  const name = `telltale_test_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    target: { dialect: 'postgresql', url: url.toString() },
    destroy: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl! });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
