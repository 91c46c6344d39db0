import { finished } from 'node:stream/promises';

import pg from 'pg';
import { from as copyStream } from 'pg-copy-streams';

import type { Db, Queryable, Row, SqlValue } from './db.js';

/** Opens a pool on the PostgreSQL database at `url`. */
export function openPostgres(url: string, options: { max?: number } = {}): Db & { pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
  // An idle client that loses its connection emits here; without a listener the process dies.
  pool.on('error', () => {});
  const handle = createHandle(pool);

  return {
    ...handle,
    pool,
    exclusive: (work) => work(),
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(createHandle(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Rewrites `?` placeholders as `$1, $2, ...`, leaving quoted text alone. */
export function numberPlaceholders(sql: string): string {
  let index = 0;
  let quote: string | null = null;
  let out = '';
  for (const char of sql) {
    if (quote) {
      if (char === quote) quote = null;
      out += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      out += char;
    } else if (char === '?') {
      out += `$${++index}`;
    } else {
      out += char;
    }
  }
  return out;
}

const types = {
  getTypeParser(oid: number, format?: string) {
    // int8 (count(*), bigint ids) as a number: event ids stay far below 2^53.
    if (oid === 20) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

function createHandle(client: pg.Pool | pg.PoolClient): Queryable {
  const texts = new Map<string, string>();
  const text = (sql: string) => {
    let numbered = texts.get(sql);
    if (numbered === undefined) {
      numbered = numberPlaceholders(sql);
      if (texts.size >= 500) texts.clear();
      texts.set(sql, numbered);
    }
    return numbered;
  };

  const query = (sql: string, params: readonly SqlValue[] = []) =>
    client.query({ text: text(sql), values: params.map(bind) });

  return {
    dialect: 'postgresql',
    all: async <T = Row>(sql: string, params?: readonly SqlValue[]) =>
      (await query(sql, params)).rows as T[],
    get: async <T = Row>(sql: string, params?: readonly SqlValue[]) =>
      (await query(sql, params)).rows[0] as T | undefined,
    run: async (sql, params) => (await query(sql, params)).rowCount ?? 0,
    copyFrom: async (sql, data) => {
      // On the pool, each statement takes any free client; COPY needs one for its duration.
      const connection = client instanceof pg.Pool ? await client.connect() : client;
      try {
        const stream = connection.query(copyStream(sql));
        stream.end(data);
        await finished(stream);
        return stream.rowCount;
      } finally {
        if (connection !== client) connection.release();
      }
    },
  };
}

function bind(value: SqlValue): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
