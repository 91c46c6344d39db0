import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { Logger } from '../logger.js';
import type { Db } from './db.js';

const migrationsRoot = fileURLToPath(new URL('../../../prisma/migrations/', import.meta.url));

// Any constant shared by every replica: only one of them migrates at a time.
const postgresLockKey = 7_357_001;

export interface AppliedMigration {
  name: string;
  checksum: string;
}

/**
 * Applies the committed migrations of the store's dialect that it has not seen yet, in
 * name order, each in its own transaction, and returns the names applied.
 */
export async function migrate(db: Db, logger: Logger): Promise<string[]> {
  const dir = `${migrationsRoot}${db.dialect}/`;
  const migrations = readdirSync(dir)
    .filter((name) => /^\d{4}_/.test(name))
    .sort()
    .map((name) => {
      const sql = readFileSync(`${dir}${name}/migration.sql`, 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });

  await db.run(
    'CREATE TABLE IF NOT EXISTS "_telltale_migrations" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );

  const done: string[] = [];
  for (const migration of migrations) {
    const outcome = await db.transaction(async (tx) => {
      // Replicas starting together take turns; each then sees what the others applied.
      if (tx.dialect === 'postgresql')
        await tx.run('SELECT pg_advisory_xact_lock(?)', [postgresLockKey]);

      const applied = await tx.get<AppliedMigration>(
        'SELECT name, checksum FROM "_telltale_migrations" WHERE name = ?',
        [migration.name],
      );
      if (applied) return applied.checksum === migration.checksum ? 'present' : 'changed';

      for (const statement of splitStatements(migration.sql)) await tx.run(statement);
      await tx.run(
        'INSERT INTO "_telltale_migrations" (name, checksum, applied_at) VALUES (?, ?, ?)',
        [migration.name, migration.checksum, new Date().toISOString()],
      );
      return 'applied';
    });

    if (outcome === 'changed') {
      logger.warn('a migration changed after it was applied; the store keeps the applied version', {
        migration: migration.name,
      });
    }
    if (outcome === 'applied') {
      logger.info('applied migration', { migration: migration.name });
      done.push(migration.name);
    }
  }
  return done;
}

/** Splits a migration script into statements at semicolons outside quotes and comments. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let quote: string | null = null;
  let lineComment = false;

  for (let i = 0; i < sql.length; i++) {
    const char = sql[i]!;
    if (lineComment) {
      if (char === '\n') lineComment = false;
      continue;
    }
    if (quote) {
      current += char;
      if (char === quote) quote = null;
      continue;
    }
    if (char === '-' && sql[i + 1] === '-') {
      lineComment = true;
      continue;
    }
    if (char === "'" || char === '"') quote = char;
    if (char === ';') {
      if (current.trim()) statements.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}
