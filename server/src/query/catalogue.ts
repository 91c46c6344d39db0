import type { Dialect } from '../store/db.js';

/**
 * How a field's values compare:
 * - `text`: case-insensitive strings with wildcards (paths, names, command lines);
 * - `keyword`: case-insensitive tokens (type, action, protocol), also with wildcards;
 * - `guid`: identifiers compared without braces or case;
 * - `number`: whole numbers, with comparisons and ranges;
 * - `datetime`: instants or whole days, with comparisons and ranges;
 * - `ip`: IPv4 or IPv6 addresses, also matched by CIDR block and ranges.
 */
export type FieldType = 'text' | 'keyword' | 'guid' | 'number' | 'datetime' | 'ip';

/** One value of a field whose values form a closed set: the token and what is stored. */
export interface FieldValue {
  token: string;
  stored: string | boolean;
}

/** A subquery a field's value lives in, for values held by related rows. */
export interface FieldSource {
  /** The FROM clause of the subquery, e.g. `deliveries dl`. */
  from: string;
  /** The condition tying the subquery's rows to the outer row. */
  where: string;
}

/**
 * A field one catalogue offers: a name with aliases, a type, where the store keeps it and
 * how a predicate reads it from a record.
 */
export interface CatalogueField<T = unknown> {
  /** The name queries and the API use. */
  name: string;
  /** Other accepted names. */
  aliases: readonly string[];
  type: FieldType;
  description: string;
  /**
   * The SQL column, qualified with the table alias unless `source` is set; with `source`,
   * an expression over the subquery's tables (e.g. `dl.status`).
   */
  column: string;
  /** For `ip` fields: the column holding `ipKey()` of the address. */
  keyColumn?: string;
  /** The closed set of values, when there is one: other values are an error. */
  values?: readonly FieldValue[];
  /**
   * The related rows holding the value: a term matches when one of them matches, and
   * NOT matches when none does. `outer` is the qualified outer table, e.g. `alerts`.
   */
  source?(outer: string, dialect: Dialect): FieldSource;
  /**
   * Whether PostgreSQL must compare the column with collation "C" (ASCII-only case
   * folding). Event columns are declared `COLLATE "C"` and need nothing.
   */
  collateC?: boolean;
  /** Reads the value from a record; an array means several values (see `source`). */
  get?(record: T): unknown;
}

/** A set of fields over one table: the events, or the rules, actions and alerts lists. */
export interface Catalogue<T = unknown> {
  /** For messages: "event", "rule", ... */
  name: string;
  /** The table queries filter; columns are qualified with it unless an alias is given. */
  table: string;
  fields: readonly CatalogueField<T>[];
  /** The text fields a value without a field name searches. */
  defaultFields: readonly CatalogueField<T>[];
  /** The field named `name` or an alias of it, ignoring case. */
  find(name: string): CatalogueField<T> | undefined;
  /** Known names close to `name`, best first, for "did you mean" hints. */
  suggest(name: string): string[];
}

/** Builds a catalogue with name lookup and suggestions over `fields`. */
export function createCatalogue<T>(spec: {
  name: string;
  table: string;
  fields: readonly CatalogueField<T>[];
  defaultFields: readonly string[];
}): Catalogue<T> {
  const byName = new Map<string, CatalogueField<T>>();
  for (const field of spec.fields) {
    for (const name of [field.name, ...field.aliases]) byName.set(name.toLowerCase(), field);
  }

  const defaultFields = spec.defaultFields.map((name) => {
    const field = byName.get(name.toLowerCase());
    if (!field) throw new Error(`default field ${name} is not in the ${spec.name} catalogue`);
    return field;
  });

  const names = spec.fields.flatMap((field) => [field.name, ...field.aliases]);

  return {
    name: spec.name,
    table: spec.table,
    fields: spec.fields,
    defaultFields,
    find: (name) => byName.get(name.toLowerCase()),
    suggest: (name) => suggestNames(name, names),
  };
}

/**
 * Up to five names from `names` close to `typed`: within a small edit distance, or ending
 * with it after a dot (`name` suggests `process.name`).
 */
export function suggestNames(typed: string, names: readonly string[]): string[] {
  const wanted = typed.toLowerCase();
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const scored: { name: string; score: number }[] = [];

  for (const name of names) {
    const lower = name.toLowerCase();
    const distance = editDistance(wanted, lower, limit);
    if (distance <= limit) scored.push({ name, score: distance });
    else if (lower.endsWith(`.${wanted}`)) scored.push({ name, score: limit + 1 });
  }

  scored.sort((a, b) => a.score - b.score || a.name.length - b.name.length);
  const unique = [...new Set(scored.map((entry) => entry.name))];
  return unique.slice(0, 5);
}

// Levenshtein distance with adjacent transpositions, stopping early above `limit`.
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);

  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, before[j - 2]! + 1);
      }
      current[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}
