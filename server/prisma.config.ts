import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { defineConfig } from 'prisma/config';

// The JavaScript schema engine runs without downloading a binary. Only `prisma generate`
// and `prisma migrate diff` between two schema files are used (each command names its
// schema with --schema); the server applies the committed migrations itself
// (src/store/migrate.ts). An in-memory SQLite adapter serves both providers here because
// neither command touches a database.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: '../prisma/schema.prisma',
  adapter: async () => new PrismaBetterSQLite3({ url: ':memory:' }),
});
