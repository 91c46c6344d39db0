import type { StoredEvent } from '../events/event.js';
import type { Catalogue, CatalogueField } from './catalogue.js';

/** One end of a range; numbers, datetimes (ms) or IP keys. */
export interface Bound {
  value: number | string;
  inclusive: boolean;
}

/**
 * What a term checks of one field's value. A value that is absent (null) passes no test.
 * - `exists`: any value;
 * - `equals`: equal, ignoring ASCII case, to one of `values` (given folded);
 * - `like`: matches the folded wildcard `pattern`, ignoring ASCII case;
 * - `exact`: equal, case and all, to one of `values`;
 * - `range`: between the bounds; `key` compares `ipKey()` of the value.
 */
export type Test =
  | { kind: 'exists' }
  | { kind: 'equals'; values: readonly string[] }
  | { kind: 'like'; pattern: string }
  | { kind: 'exact'; values: readonly (string | boolean)[] }
  | { kind: 'range'; key: boolean; min: Bound | null; max: Bound | null };

/** A field and the tests its value is checked with: the term matches when one passes. */
export interface Term<T = unknown> {
  kind: 'term';
  field: CatalogueField<T>;
  tests: readonly Test[];
  /** Where the term sits in the query text. */
  position: number;
  length: number;
}

export type QueryNode<T = unknown> =
  | { kind: 'and'; children: readonly QueryNode<T>[] }
  | { kind: 'or'; children: readonly QueryNode<T>[] }
  | { kind: 'not'; child: QueryNode<T> }
  | Term<T>;

/** A parsed, checked query over one catalogue; a null `root` matches everything. */
export interface Query<T = StoredEvent> {
  text: string;
  catalogue: Catalogue<T>;
  root: QueryNode<T> | null;
}
