import type { StoredEvent } from '../events/event.js';
import type { Bound, Query, QueryNode, Term, Test } from './ast.js';
import type { CatalogueField } from './catalogue.js';
import { ipKey } from './ip.js';
import {
  endsWithFolded,
  equalsFolded,
  foldAscii,
  matchesPattern,
  startsWithFolded,
} from './pattern.js';

type Match<T> = (record: T) => boolean;
type ValueTest = (value: unknown) => boolean;

// Above this many values, an equality list folds the value once and looks it up in a Set.
const inlineEqualsLimit = 4;

/**
 * Compiles a query into a predicate with the same meaning as `compileSql`: the streaming
 * matcher of the evaluator and the store search select the same records.
 *
 * @remarks
 * Everything that can be prepared is prepared here: patterns are classified (prefix,
 * suffix, contains, general), lists become Sets, AND and OR try cheap tests first. At
 * evaluation, equality, prefix and suffix tests compare characters in place; a value that
 * must be folded (contains, general patterns, long lists) or turned into an IP key is
 * computed once per evaluation, however many terms read it.
 */
export function compilePredicate<T = StoredEvent>(query: Query<T>): (record: T) => boolean {
  if (!query.root) return () => true;
  const scratch = new Scratch();
  const root = compileNode(query.root, scratch);
  return (record) => {
    scratch.generation++;
    return root(record);
  };
}

// Per-evaluation cache of derived values (folded text, IP keys), one slot per field.
class Scratch {
  generation = 0;
  private readonly stamps: number[] = [];
  private readonly values: unknown[] = [];
  private readonly slots = new Map<string, number>();

  slot(name: string): number {
    let slot = this.slots.get(name);
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(name, slot);
      this.stamps.push(-1);
      this.values.push(null);
    }
    return slot;
  }

  derive<V>(slot: number, input: string, compute: (input: string) => V): V {
    if (this.stamps[slot] === this.generation) return this.values[slot] as V;
    const value = compute(input);
    this.stamps[slot] = this.generation;
    this.values[slot] = value;
    return value;
  }
}

function compileNode<T>(node: QueryNode<T>, scratch: Scratch): Match<T> {
  switch (node.kind) {
    case 'and': {
      const children = byCost(node.children).map((child) => compileNode(child, scratch));
      if (children.length === 2) {
        const [a, b] = children as [Match<T>, Match<T>];
        return (record) => a(record) && b(record);
      }
      return (record) => {
        for (let i = 0; i < children.length; i++) if (!children[i]!(record)) return false;
        return true;
      };
    }
    case 'or': {
      const children = byCost(node.children).map((child) => compileNode(child, scratch));
      if (children.length === 2) {
        const [a, b] = children as [Match<T>, Match<T>];
        return (record) => a(record) || b(record);
      }
      return (record) => {
        for (let i = 0; i < children.length; i++) if (children[i]!(record)) return true;
        return false;
      };
    }
    case 'not': {
      const child = compileNode(node.child, scratch);
      return (record) => !child(record);
    }
    case 'term':
      return compileTerm(node, scratch);
  }
}

function compileTerm<T>(term: Term<T>, scratch: Scratch): Match<T> {
  const get = getter(term.field);

  // Values held by related rows: one matching value is enough.
  if (term.field.source) {
    const tests = term.tests.map((test) => compileTest(test, foldAscii, ipKey));
    return (record) => {
      const value = get(record);
      const values = Array.isArray(value) ? value : [value];
      return values.some((v) => v !== null && v !== undefined && tests.some((test) => test(v)));
    };
  }

  const foldSlot = scratch.slot(`${term.field.name}:fold`);
  const keySlot = scratch.slot(`${term.field.name}:key`);
  const fold = (value: string) => scratch.derive(foldSlot, value, foldAscii);
  const key = (value: string) => scratch.derive(keySlot, value, ipKey);

  const tests = term.tests.map((test) => compileTest(test, fold, key));
  if (tests.length === 1) {
    const test = tests[0]!;
    return (record) => {
      const value = get(record);
      return value !== null && value !== undefined && test(value);
    };
  }
  return (record) => {
    const value = get(record);
    if (value === null || value === undefined) return false;
    for (let i = 0; i < tests.length; i++) if (tests[i]!(value)) return true;
    return false;
  };
}

function compileTest(
  test: Test,
  fold: (value: string) => string,
  key: (value: string) => string | null,
): ValueTest {
  switch (test.kind) {
    case 'exists':
      return () => true;

    case 'equals': {
      const values = test.values;
      if (values.length === 1) {
        const only = values[0]!;
        return (value) => equalsFolded(value as string, only);
      }
      if (values.length <= inlineEqualsLimit) {
        return (value) => {
          for (let i = 0; i < values.length; i++) {
            if (equalsFolded(value as string, values[i]!)) return true;
          }
          return false;
        };
      }
      const set = new Set(values);
      return (value) => set.has(fold(value as string));
    }

    case 'like':
      return likeTest(test.pattern, fold);

    case 'exact': {
      if (test.values.length === 1) {
        const only = test.values[0];
        return (value) => value === only;
      }
      const set = new Set<unknown>(test.values);
      return (value) => set.has(value);
    }

    case 'range': {
      const inRange = rangeTest(test.min, test.max);
      if (test.key) {
        return (value) => {
          const k = key(value as string);
          return k !== null && inRange(k);
        };
      }
      return (value) => inRange(typeof value === 'number' ? value : toNumber(value));
    }
  }
}

function likeTest(pattern: string, fold: (value: string) => string): ValueTest {
  const simple = pattern.replace(/\*+/g, '*');
  const inner = simple.slice(1, -1);
  const noWildcards = (text: string) => text.length > 0 && !/[*?]/.test(text);

  if (simple.endsWith('*') && noWildcards(simple.slice(0, -1))) {
    const prefix = simple.slice(0, -1);
    return (value) => startsWithFolded(value as string, prefix);
  }
  if (simple.startsWith('*') && noWildcards(simple.slice(1))) {
    const suffix = simple.slice(1);
    return (value) => endsWithFolded(value as string, suffix);
  }
  if (simple.startsWith('*') && simple.endsWith('*') && noWildcards(inner)) {
    return (value) => fold(value as string).includes(inner);
  }
  return (value) => matchesPattern(fold(value as string), simple);
}

function rangeTest(min: Bound | null, max: Bound | null): (value: number | string) => boolean {
  const lo = min?.value;
  const hi = max?.value;
  if (min && max) {
    if (min.inclusive && max.inclusive) return (v) => v >= lo! && v <= hi!;
    if (min.inclusive) return (v) => v >= lo! && v < hi!;
    if (max.inclusive) return (v) => v > lo! && v <= hi!;
    return (v) => v > lo! && v < hi!;
  }
  if (min) return min.inclusive ? (v) => v >= lo! : (v) => v > lo!;
  if (max) return max.inclusive ? (v) => v <= hi! : (v) => v < hi!;
  return () => true;
}

function getter<T>(field: CatalogueField<T>): (record: T) => unknown {
  if (field.get) return field.get;
  const property = (field as { property?: string }).property;
  if (!property) throw new Error(`the field ${field.name} cannot be read by a predicate`);
  return (record) => (record as Record<string, unknown>)[property];
}

// Datetimes of list records come as Date; PostgreSQL bigints as numbers already.
function toNumber(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  return Number(value);
}

// Cheap tests first: AND and OR stop at the first false or true child.
function byCost<T>(nodes: readonly QueryNode<T>[]): QueryNode<T>[] {
  return nodes
    .map((node, index) => ({ node, index, cost: cost(node) }))
    .sort((a, b) => a.cost - b.cost || a.index - b.index)
    .map((entry) => entry.node);
}

function cost<T>(node: QueryNode<T>): number {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.children.reduce((sum, child) => sum + cost(child), 0);
    case 'not':
      return cost(node.child);
    case 'term':
      return node.tests.reduce((sum, test) => sum + testCost(test), node.field.source ? 10 : 0);
  }
}

function testCost(test: Test): number {
  switch (test.kind) {
    case 'exists':
    case 'exact':
      return 1;
    case 'range':
      return test.key ? 4 : 1;
    case 'equals':
      return 2;
    case 'like':
      return /^\*?[^*?]+\*?$/.test(test.pattern) ? 3 : 5;
  }
}
