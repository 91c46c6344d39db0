import { ValidationError } from '../errors.js';

const largestInt = 2 ** 31 - 1;

/** The records an `ID` names: how a message calls their id, and the largest one stored. */
const idKinds = {
  rule: { name: 'a rule id', largest: largestInt },
  alert: { name: 'an alert id', largest: largestInt },
  action: { name: 'an action id', largest: largestInt },
  delivery: { name: 'a delivery id', largest: largestInt },
  event: { name: 'an event id', largest: Number.MAX_SAFE_INTEGER },
} as const;

export type IdKind = keyof typeof idKinds;

/**
 * The number of an `ID` argument or input value naming a `kind` of record.
 *
 * @remarks
 * Only the canonical form is taken: decimal digits without sign, space, leading zero or
 * exponent, from 1 to the largest id the record's column holds. Anything else (`abc`,
 * `0x1`, `1e0`, ` 1`, `01`, `0`) is refused, not looked up as whatever number JavaScript
 * would make of it; an id of the right form that names nothing is the caller's NOT_FOUND.
 *
 * @throws ValidationError (BAD_USER_INPUT) naming `argument`, with the text as `value`.
 */
export function parseId(kind: IdKind, value: string, argument = 'id'): number {
  const { name, largest } = idKinds[kind];
  const number = /^[1-9][0-9]*$/.test(value) ? Number(value) : NaN;
  if (!(number <= largest)) {
    throw new ValidationError(argument, `must be ${name}: a whole number from 1 to ${largest}`, {
      value,
    });
  }
  return number;
}
