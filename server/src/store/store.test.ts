import { afterEach, describe, expect, it } from 'vitest';

import { createTestStore, dialects, type TestStore } from '../../test/harness/stores.js';
import { silentLogger } from '../logger.js';
import { openStore } from './store.js';

describe.each(dialects)('store on %s', (dialect) => {
  let sut: TestStore | undefined;

  afterEach(async () => {
    await sut?.destroy();
    sut = undefined;
  });

  it('applies every migration once and records it', async () => {
    sut = await createTestStore(dialect);

    const applied = await sut.store.db.all<{ name: string }>(
      'SELECT name FROM "_telltale_migrations" ORDER BY name',
    );

    expect(applied.map((row) => row.name)).toEqual(
      dialect === 'postgresql'
        ? ['0001_init', '0002_search_indexes', '0003_raw_compression']
        : ['0001_init', '0002_search_indexes'],
    );
  });

  it('reads a row written by Prisma Client with the same timestamp through plain SQL', async () => {
    sut = await createTestStore(dialect);
    const createdAt = new Date('2024-09-15T00:30:00.123Z');

    const user = await sut.store.prisma.user.create({ data: { name: 'analyst', createdAt } });
    const row = await sut.store.db.get<{ name: string; created_at: unknown }>(
      'SELECT name, created_at FROM users WHERE id = ?',
      [user.id],
    );

    expect(row?.name).toBe('analyst');
    expect(new Date(row!.created_at as number | Date).toISOString()).toBe(
      '2024-09-15T00:30:00.123Z',
    );
  });

  it.runIf(dialect === 'postgresql')('compresses raw records with lz4', async () => {
    sut = await createTestStore(dialect);

    const column = await sut.store.db.get<{ compression: string }>(
      `SELECT attcompression AS compression FROM pg_attribute
       WHERE attrelid = 'events'::regclass AND attname = 'raw'`,
    );

    expect(column?.compression).toBe('l');
  });

  it.runIf(dialect === 'postgresql')(
    'names DATABASE_URL when the database is missing',
    async () => {
      const url = new URL(process.env.TELLTALE_TEST_POSTGRES_URL!);
      url.pathname = '/telltale_test_missing_database';
      url.password = '';

      await expect(
        openStore({ dialect: 'postgresql', url: url.toString() }, silentLogger),
      ).rejects.toThrow(
        `DATABASE_URL: cannot use the PostgreSQL database at ${url.toString()}: ` +
          'database "telltale_test_missing_database" does not exist',
      );
    },
  );

  it('rolls back every statement of a failed transaction', async () => {
    sut = await createTestStore(dialect);

    await expect(
      sut.store.db.transaction(async (tx) => {
        await tx.run('INSERT INTO counters (name, value) VALUES (?, ?)', ['a', 1]);
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');

    expect(await sut.store.db.all('SELECT name FROM counters')).toEqual([]);
  });
});
