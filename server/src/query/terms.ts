import type { Bound, QueryNode, Term, Test } from './ast.js';
import type { Catalogue, CatalogueField } from './catalogue.js';
import { cidrRange, ipKey } from './ip.js';
import { foldAscii, hasWildcard, isStarsOnly, matchesPattern } from './pattern.js';
import { QueryError } from './query-error.js';
import { parseDateTime, parseInteger, type TimeSpan } from './values.js';

/** A value as written: plain, "quoted" (wildcards still work) or `exact`. */
export interface RawValue {
  text: string;
  style: 'plain' | 'quoted' | 'exact';
  position: number;
  /** Including the quotes. */
  length: number;
}

/** What follows a field name. */
export type ValueSpec =
  | { kind: 'value'; value: RawValue }
  | { kind: 'list'; values: RawValue[] }
  | { kind: 'compare'; op: '<' | '<=' | '>' | '>='; position: number; value: RawValue }
  | {
      kind: 'range';
      from: RawValue;
      to: RawValue;
      fromInclusive: boolean;
      toInclusive: boolean;
      position: number;
      length: number;
    };

type Ordered = { lo: number | string; hi: number | string; step: 'point' | 'span' };

/** The term `field: ...`, its values checked against the field's type. */
export function fieldTerm<T>(
  field: CatalogueField<T>,
  spec: ValueSpec,
  position: number,
  length: number,
): Term<T> {
  const term = (tests: Test[]): Term<T> => ({
    kind: 'term',
    field,
    tests: mergeTests(tests),
    position,
    length,
  });

  switch (spec.kind) {
    case 'value':
      return term(valueTests(field, spec.value));
    case 'list':
      return term(spec.values.flatMap((value) => valueTests(field, value)));
    case 'compare':
      return term([compareTest(field, spec)]);
    case 'range':
      return term([rangeTest(field, spec)]);
  }
}

/**
 * A value without a field: it matches when one of the catalogue's default fields contains
 * it, as if written `field: *value*` for each.
 */
export function bareTerm<T>(catalogue: Catalogue<T>, value: RawValue): QueryNode<T> {
  if (value.style === 'exact') {
    throw new QueryError(
      'syntax',
      'An exact match needs a field: write field: `value`',
      value.position,
      value.length,
    );
  }

  const pattern = `*${foldAscii(value.text)}*`;
  const test: Test = isStarsOnly(pattern) ? { kind: 'exists' } : { kind: 'like', pattern };
  const children = catalogue.defaultFields.map((field): Term<T> => ({
    kind: 'term',
    field,
    tests: [test],
    position: value.position,
    length: value.length,
  }));
  return children.length === 1 ? children[0]! : { kind: 'or', children };
}

function valueTests<T>(field: CatalogueField<T>, value: RawValue): Test[] {
  const { text } = value;
  if (value.style !== 'exact' && isStarsOnly(text)) return [{ kind: 'exists' }];
  if (field.values) return [closedSetTest(field, value)];

  switch (field.type) {
    case 'text':
    case 'keyword':
      return [stringTest(value)];

    case 'guid': {
      const normal = foldAscii(text.replace(/^\{/, '').replace(/\}$/, ''));
      if (hasWildcard(normal) && value.style !== 'exact')
        return [{ kind: 'like', pattern: normal }];
      return [{ kind: 'exact', values: [normal] }];
    }

    case 'ip': {
      if (value.style === 'exact') return [{ kind: 'exact', values: [text] }];
      if (text.includes('/')) {
        const range = cidr(field, value);
        return [rangeOf(range.lo, range.hi, true)];
      }
      if (hasWildcard(text)) return [{ kind: 'like', pattern: foldAscii(text) }];
      const key = ipValue(field, value);
      return [rangeOf(key, key, true)];
    }

    case 'number': {
      const number = numberValue(field, value);
      return [rangeOf(number, number, false)];
    }

    case 'datetime': {
      const span = dateValue(field, value);
      return [{ kind: 'range', key: false, min: incl(span.lo), max: excl(span.hi) }];
    }
  }
}

function stringTest(value: RawValue): Test {
  if (value.style === 'exact') return { kind: 'exact', values: [value.text] };
  const folded = foldAscii(value.text);
  return hasWildcard(folded)
    ? { kind: 'like', pattern: folded }
    : { kind: 'equals', values: [folded] };
}

// Closed sets compare the stored form exactly; a wildcard picks every token it matches.
function closedSetTest<T>(field: CatalogueField<T>, value: RawValue): Test {
  const values = field.values!;
  let chosen;
  if (value.style === 'exact') {
    chosen = values.filter((entry) => entry.token === value.text);
  } else {
    const folded = foldAscii(value.text);
    chosen = values.filter((entry) => matchesPattern(foldAscii(entry.token), folded));
  }

  if (chosen.length === 0) {
    const tokens = values.map((entry) => entry.token);
    throw new QueryError(
      'unknown-value',
      `${field.name} has no value '${value.text}'; use one of ${tokens.join(', ')}`,
      value.position,
      value.length,
      { field: field.name, values: tokens },
    );
  }
  return { kind: 'exact', values: chosen.map((entry) => entry.stored) };
}

function compareTest<T>(field: CatalogueField<T>, spec: ValueSpec & { kind: 'compare' }): Test {
  const value = ordered(field, spec.value, spec.position);
  // A span (a whole day) is above a value once past its end, below it before its start.
  switch (spec.op) {
    case '>':
      return value.step === 'span'
        ? { kind: 'range', key: false, min: incl(value.hi), max: null }
        : { kind: 'range', key: field.type === 'ip', min: excl(value.lo), max: null };
    case '>=':
      return { kind: 'range', key: field.type === 'ip', min: incl(value.lo), max: null };
    case '<':
      return value.step === 'span'
        ? { kind: 'range', key: false, min: null, max: excl(value.lo) }
        : { kind: 'range', key: field.type === 'ip', min: null, max: excl(value.lo) };
    case '<=':
      return value.step === 'span'
        ? { kind: 'range', key: false, min: null, max: excl(value.hi) }
        : { kind: 'range', key: field.type === 'ip', min: null, max: incl(value.lo) };
  }
}

function rangeTest<T>(field: CatalogueField<T>, spec: ValueSpec & { kind: 'range' }): Test {
  const from = ordered(field, spec.from, spec.position);
  const to = ordered(field, spec.to, spec.position);
  const backwards = from.step === 'span' ? from.lo >= to.hi : from.lo > to.lo;
  if (backwards) {
    throw new QueryError(
      'range-order',
      `The range starts after it ends: put the smaller ${field.type === 'datetime' ? 'time' : 'value'} first`,
      spec.position,
      spec.length,
      { field: field.name },
    );
  }

  const key = field.type === 'ip';
  if (from.step === 'span' || to.step === 'span') {
    return {
      kind: 'range',
      key,
      min: spec.fromInclusive ? incl(from.lo) : incl(from.hi),
      max: spec.toInclusive ? excl(to.hi) : excl(to.lo),
    };
  }
  return {
    kind: 'range',
    key,
    min: { value: from.lo, inclusive: spec.fromInclusive },
    max: { value: to.lo, inclusive: spec.toInclusive },
  };
}

// A value of an ordered field: numbers and IP keys are points, datetimes spans.
function ordered<T>(field: CatalogueField<T>, value: RawValue, opPosition: number): Ordered {
  if (field.type === 'number' && !field.values) {
    const number = numberValue(field, value);
    return { lo: number, hi: number, step: 'point' };
  }
  if (field.type === 'datetime') {
    const span = dateValue(field, value);
    return { lo: span.lo, hi: span.hi, step: 'span' };
  }
  if (field.type === 'ip') {
    const key = ipKey(value.text);
    if (key === null) throw wrongType(field, value, 'an IPv4 or IPv6 address');
    return { lo: key, hi: key, step: 'point' };
  }
  throw new QueryError(
    'wrong-type',
    `${field.name} is a ${field.type} field: comparisons and ranges work on number, datetime and ip fields`,
    opPosition,
    value.position + value.length - opPosition,
    { field: field.name, type: field.type },
  );
}

function numberValue<T>(field: CatalogueField<T>, value: RawValue): number {
  const number = parseInteger(value.text);
  if (number === null) {
    throw wrongType(field, value, `a whole number, e.g. ${field.name}: 4688`);
  }
  return number;
}

function dateValue<T>(field: CatalogueField<T>, value: RawValue): TimeSpan {
  const span = parseDateTime(value.text);
  if (!span) {
    throw wrongType(field, value, 'a date or datetime, e.g. 2024-09-15 or 2024-09-15T00:30:00Z');
  }
  return span;
}

function ipValue<T>(field: CatalogueField<T>, value: RawValue): string {
  const key = ipKey(value.text);
  if (key === null) {
    throw wrongType(field, value, 'an IPv4 or IPv6 address, or a CIDR block like 10.0.0.0/8');
  }
  return key;
}

function cidr<T>(field: CatalogueField<T>, value: RawValue) {
  try {
    return cidrRange(value.text);
  } catch (error) {
    throw new QueryError(
      'bad-cidr',
      `'${value.text}' is not a CIDR block: ${(error as Error).message}`,
      value.position,
      value.length,
      { field: field.name },
    );
  }
}

function wrongType<T>(field: CatalogueField<T>, value: RawValue, expected: string): QueryError {
  return new QueryError(
    'wrong-type',
    `${field.name} is a ${field.type} field: expected ${expected}, found '${value.text}'`,
    value.position,
    value.length,
    { field: field.name, type: field.type },
  );
}

function rangeOf(lo: number | string, hi: number | string, key: boolean): Test {
  return { kind: 'range', key, min: incl(lo), max: incl(hi) };
}

function incl(value: number | string): Bound {
  return { value, inclusive: true };
}

function excl(value: number | string): Bound {
  return { value, inclusive: false };
}

// Equalities of one term become one test (one IN list); `exists` absorbs everything.
function mergeTests(tests: Test[]): Test[] {
  if (tests.some((test) => test.kind === 'exists')) return [{ kind: 'exists' }];

  const equals = new Set<string>();
  const exact = new Set<string | boolean>();
  const rest: Test[] = [];
  for (const test of tests) {
    if (test.kind === 'equals') test.values.forEach((value) => equals.add(value));
    else if (test.kind === 'exact') test.values.forEach((value) => exact.add(value));
    else rest.push(test);
  }

  const merged: Test[] = [];
  if (equals.size) merged.push({ kind: 'equals', values: [...equals] });
  if (exact.size) merged.push({ kind: 'exact', values: [...exact] });
  return [...merged, ...rest];
}
