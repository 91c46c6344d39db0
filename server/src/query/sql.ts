import type { Dialect, SqlValue } from '../store/db.js';
import type { Bound, Query, QueryNode, Term, Test } from './ast.js';
import type { CatalogueField } from './catalogue.js';
import { literalPrefix, toLikePattern } from './pattern.js';

/** A boolean SQL expression with `?` placeholders, and the values bound to them in order. */
export interface SqlFilter {
  sql: string;
  params: SqlValue[];
}

export interface SqlOptions {
  /** The alias the table has in the caller's FROM clause; defaults to the table name. */
  alias?: string;
}

/**
 * Compiles a query into a filter for a WHERE clause, with the same meaning as
 * `compilePredicate` on both dialects. A query that matches everything gives `1 = 1`.
 *
 * @remarks
 * A term on an absent (NULL) value selects nothing, and under NOT it is guarded to be
 * false rather than NULL, so NOT selects exactly the rows the term does not. Text compares as `lower(column)` (ASCII
 * folding on both stores), so the `lower(...)` expression indexes of the events table
 * serve equality and, through an added range, patterns with a literal prefix.
 */
export function compileSql<T>(
  query: Query<T>,
  dialect: Dialect,
  options: SqlOptions = {},
): SqlFilter {
  if (!query.root) return { sql: '1 = 1', params: [] };
  const compiler = new SqlCompiler(dialect, options.alias ?? query.catalogue.table);
  const sql = compiler.node(query.root as QueryNode<unknown>);
  return { sql, params: compiler.params };
}

class SqlCompiler {
  readonly params: SqlValue[] = [];

  constructor(
    private readonly dialect: Dialect,
    private readonly outer: string,
  ) {}

  /** `negated`: whether an odd number of NOTs encloses the node. */
  node(node: QueryNode<unknown>, negated = false): string {
    switch (node.kind) {
      case 'and':
        return `(${node.children.map((child) => this.node(child, negated)).join(' AND ')})`;
      case 'or':
        return `(${node.children.map((child) => this.node(child, negated)).join(' OR ')})`;
      case 'not':
        return `NOT (${this.node(node.child, !negated)})`;
      case 'term':
        return this.term(node, negated);
    }
  }

  // A term on an absent value is NULL unless guarded. Outside NOT, NULL selects no row just
  // as FALSE does (AND and OR are monotone), so only terms under NOT carry the guard, and
  // the others stay plain comparisons an index serves without reading the row.
  private term(term: Term<unknown>, negated: boolean): string {
    const { field } = term;
    const source = field.source?.(this.outer, this.dialect);
    const column = source ? field.column : `${this.outer}.${field.column}`;
    const key = `${this.outer}.${field.keyColumn}`;

    let condition: string;
    if (term.tests.length === 1 && term.tests[0]!.kind === 'exists') {
      condition = `${column} IS NOT NULL`;
    } else {
      // EXISTS is never NULL, whatever its subquery compares.
      const guard = negated && !source;
      const onColumn = term.tests.filter((test) => !(test.kind === 'range' && test.key));
      const onKey = term.tests.filter((test) => test.kind === 'range' && test.key);
      const parts = [
        ...(onColumn.length
          ? [
              this.guarded(
                column,
                onColumn.map((test) => this.test(test, field, column)),
                guard,
              ),
            ]
          : []),
        ...onKey.map((test) => this.guarded(key, [this.test(test, field, key)], guard)),
      ];
      condition = parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
    }

    return source
      ? `EXISTS (SELECT 1 FROM ${source.from} WHERE ${source.where} AND ${condition})`
      : condition;
  }

  private guarded(column: string, tests: string[], guard: boolean): string {
    const any = tests.length === 1 ? tests[0]! : `(${tests.join(' OR ')})`;
    return guard ? `(${column} IS NOT NULL AND ${any})` : any;
  }

  // Each test is non-NULL once its column is.
  private test(test: Test, field: CatalogueField<unknown>, column: string): string {
    const text =
      this.dialect === 'postgresql' && field.collateC ? `(${column} COLLATE "C")` : column;

    switch (test.kind) {
      case 'exists':
        return 'TRUE';

      case 'equals':
        return `lower(${text}) ${this.list(test.values)}`;

      case 'like': {
        const clauses: string[] = [];
        const prefix = literalPrefix(test.pattern);
        const last = prefix.charCodeAt(prefix.length - 1);
        if (prefix.length > 0 && last < 0x7f) {
          // The range lets an index on lower(column) narrow the scan; LIKE decides.
          const next = prefix.slice(0, -1) + String.fromCharCode(last + 1);
          clauses.push(`lower(${text}) >= ${this.bind(prefix)}`);
          clauses.push(`lower(${text}) < ${this.bind(next)}`);
        }
        const like = this.bind(toLikePattern(test.pattern));
        clauses.push(`lower(${text}) LIKE ${like} ESCAPE '\\'`);
        return clauses.length === 1 ? clauses[0]! : `(${clauses.join(' AND ')})`;
      }

      case 'exact': {
        const exact = `${column} ${this.list(test.values)}`;
        // A closed set has few values, each held by many rows: told so, SQLite keeps an
        // index on another term of the query (`type: PROCESS and process.name: x`).
        return field.values && this.dialect === 'sqlite' ? `likelihood(${exact}, 0.25)` : exact;
      }

      case 'range':
        return this.range(column, test.min, test.max, field);
    }
  }

  private range(
    column: string,
    min: Bound | null,
    max: Bound | null,
    field: CatalogueField<unknown>,
  ): string {
    const parts: string[] = [];
    if (min && max && min.inclusive && max.inclusive && min.value === max.value) {
      return `${column} = ${this.bindOrdered(min.value, field)}`;
    }
    if (min)
      parts.push(`${column} ${min.inclusive ? '>=' : '>'} ${this.bindOrdered(min.value, field)}`);
    if (max)
      parts.push(`${column} ${max.inclusive ? '<=' : '<'} ${this.bindOrdered(max.value, field)}`);
    if (parts.length === 0) return 'TRUE';
    return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
  }

  private list(values: readonly (string | boolean)[]): string {
    if (values.length === 1) return `= ${this.bind(values[0]!)}`;
    return `IN (${values.map((value) => this.bind(value)).join(', ')})`;
  }

  // Datetimes bind as Date (each store's timestamp form); numbers as bigint on PostgreSQL
  // so any whole number compares with an int4 column without an overflow error.
  private bindOrdered(value: number | string, field: CatalogueField<unknown>): string {
    if (field.type === 'datetime') return this.bind(new Date(value as number));
    if (typeof value === 'number' && this.dialect === 'postgresql') {
      return `CAST(${this.bind(value)} AS bigint)`;
    }
    return this.bind(value);
  }

  private bind(value: SqlValue): string {
    this.params.push(value);
    return '?';
  }
}
