/** The two stores Telltale runs on. */
export type Dialect = 'sqlite' | 'postgresql';

/** A value bound to a `?` placeholder. Dates become the dialect's timestamp form. */
export type SqlValue = string | number | bigint | boolean | Date | null;

export type Row = Record<string, unknown>;

/**
 * Plain SQL against the active store, with `?` placeholders on both dialects.
 *
 * @remarks
 * The hot paths (ingest, search, evaluation) use this instead of Prisma Client: they
 * write thousands of rows a second and need statements the ORM does not express.
 */
export interface Queryable {
  readonly dialect: Dialect;
  all<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Runs a statement and returns the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /**
   * PostgreSQL only: runs `COPY ... FROM STDIN` (`sql`) with `data` in COPY's text format
   * and returns the number of rows copied. Bulk inserts parse fastest this way.
   */
  copyFrom?(sql: string, data: string): Promise<number>;
}

export interface Db extends Queryable {
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it
   * throws. Transactions never nest; `work` must use `tx`, not the outer handle.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Serialises a write made outside this handle (Prisma Client on SQLite) with ours. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Milliseconds since the epoch from a timestamp column of either dialect. */
export function toMillis(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') return Number(value);
  throw new TypeError(`not a timestamp: ${String(value)}`);
}

/** Like {@link toMillis}, keeping SQL NULL as null. */
export function toMillisOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : toMillis(value);
}

/** A number from an integer column of either dialect (PostgreSQL returns int8 as text). */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}
