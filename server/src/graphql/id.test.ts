import { describe, expect, it } from 'vitest';

import { ValidationError } from '../errors.js';
import { parseId } from './id.js';

describe(parseId.name, () => {
  it.each([
    ['1', 1],
    ['42', 42],
    ['2147483647', 2147483647],
  ])('reads %j as %i', (value, expected) => {
    expect(parseId('rule', value)).toBe(expected);
  });

  it('reads an event id up to the largest safe integer', () => {
    expect(parseId('event', '9007199254740991')).toBe(9007199254740991);
  });

  it.each(['abc', '', '0', '01', '-1', '+1', ' 1', '1 ', '0x1', '1e0', '1.0', '1_0', '١'])(
    'refuses %j naming the argument',
    (value) => {
      const sut = () => parseId('rule', value, 'ruleId');

      expect(sut).toThrow(ValidationError);
      expect(sut).toThrow('ruleId: must be a rule id: a whole number from 1 to 2147483647');
    },
  );

  it.each([
    ['alert', '2147483648', 'id: must be an alert id: a whole number from 1 to 2147483647'],
    [
      'action',
      '1' + '0'.repeat(23),
      'id: must be an action id: a whole number from 1 to 2147483647',
    ],
    [
      'event',
      '9007199254740992',
      'id: must be an event id: a whole number from 1 to 9007199254740991',
    ],
  ] as const)('refuses a %s id past the largest one stored', (kind, value, message) => {
    expect(() => parseId(kind, value)).toThrow(message);
  });

  it('gives the code, the argument and the text given', () => {
    expect(() => parseId('delivery', '0x1', 'alertId')).toThrow(
      expect.objectContaining({
        code: 'BAD_USER_INPUT',
        details: { field: 'alertId', value: '0x1' },
      }),
    );
  });
});
