// Keeps the two Prisma schemas and their migrations in step.
//
//   node scripts/db-schema.mjs             writes prisma/sqlite.prisma from prisma/schema.prisma
//   node scripts/db-schema.mjs NAME [REF]  also writes migration NAME for both databases: the
//                                          difference between the schema at git REF (default
//                                          HEAD; `empty` for none) and the working copy. NAME
//                                          gets the next sequence number unless it has one
//                                          (`0001_init` rewrites the first migration)
//
// A migration file is committed and may be edited by hand afterwards (expression indexes,
// for example, which Prisma cannot declare). The edits below are the ones every migration
// needs, so they are made here.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const prismaDir = join(root, 'prisma');
const serverDir = join(root, 'server');

const [name, ref = 'HEAD'] = process.argv.slice(2);

const source = readFileSync(join(prismaDir, 'schema.prisma'), 'utf8');
writeFileSync(join(prismaDir, 'sqlite.prisma'), toSqlite(source));

if (name) {
  const previous = ref === 'empty' ? null : readPrevious(ref);
  const scratch = mkdtempSync(join(tmpdir(), 'telltale-schema-'));
  const folder = /^\d{4}_/.test(name)
    ? name
    : `${String(countMigrations() + 1).padStart(4, '0')}_${name}`;

  for (const dialect of ['postgresql', 'sqlite']) {
    const toSchema = dialect === 'postgresql' ? source : toSqlite(source);
    const toFile = join(scratch, `${dialect}.to.prisma`);
    writeFileSync(toFile, toSchema);

    const from =
      previous === null
        ? ['--from-empty']
        : ['--from-schema-datamodel', join(scratch, `${dialect}.from.prisma`)];
    if (previous !== null) {
      writeFileSync(from[1], dialect === 'postgresql' ? previous : toSqlite(previous));
    }

    const sql = execFileSync(
      'npx',
      ['prisma', 'migrate', 'diff', ...from, '--to-schema-datamodel', toFile, '--script'],
      { cwd: serverDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const dir = join(prismaDir, 'migrations', dialect, folder);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'migration.sql'),
      dialect === 'postgresql' ? fixPostgres(sql) : fixSqlite(sql),
    );
    console.log(`wrote ${dir}/migration.sql`);
  }
}

function toSqlite(schema) {
  const body = schema
    .replace(/^\/\/ The PostgreSQL schema is the source[\s\S]*?\n\n/m, '')
    .replace('provider = "postgresql"', 'provider = "sqlite"')
    .replace('url      = "postgresql://localhost/telltale"', 'url      = "file:./telltale.db"')
    .replace('/generated/prisma/postgresql"', '/generated/prisma/sqlite"')
    .replace(/ @db\.\w+(\([^)]*\))?/g, '');
  return `// Generated from schema.prisma by \`pnpm db:schema\`: edit schema.prisma, not this file.\n\n${body}`;
}

function readPrevious(gitRef) {
  try {
    return execFileSync('git', ['show', `${gitRef}:prisma/schema.prisma`], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return null;
  }
}

function countMigrations() {
  try {
    return readdirSync(join(prismaDir, 'migrations', 'postgresql')).length;
  } catch {
    return 0;
  }
}

// Event text compares byte-wise on PostgreSQL, as it does on SQLite: `lower()` then folds
// ASCII letters only, LIKE matches the same strings, and both stores agree on every query.
function fixPostgres(sql) {
  return sql
    .replace(/(CREATE TABLE "events" \([\s\S]*?\n\);)/, (table) =>
      table.replace(/ TEXT\b/g, ' TEXT COLLATE "C"'),
    )
    .replace(/(ALTER TABLE "events" ADD COLUMN "\w+" TEXT)\b/g, '$1 COLLATE "C"');
}

// SQLite: only a column declared exactly INTEGER PRIMARY KEY is the rowid, and times are
// integer milliseconds (the adapter's unixepoch-ms format), so defaults must be too.
function fixSqlite(sql) {
  return sql
    .replace(/"id" BIGINT NOT NULL PRIMARY KEY/g, '"id" INTEGER NOT NULL PRIMARY KEY')
    .replace(/DEFAULT CURRENT_TIMESTAMP/g, "DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER))");
}
