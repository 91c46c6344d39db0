import { describe, expect, it } from 'vitest';

import { parseDateTime, parseInteger } from './values.js';

const at = (iso: string) => Date.parse(iso);

describe(parseDateTime.name, () => {
  it.each([
    ['2024-09-15', at('2024-09-15T00:00:00Z'), at('2024-09-16T00:00:00Z')],
    ['2024-02-29', at('2024-02-29T00:00:00Z'), at('2024-03-01T00:00:00Z')],
    ['2024-09-15T00:30:00.000Z', at('2024-09-15T00:30:00Z'), at('2024-09-15T00:30:00.001Z')],
    [
      '2024-09-15T00:30:00.123456789Z',
      at('2024-09-15T00:30:00.123Z'),
      at('2024-09-15T00:30:00.124Z'),
    ],
    ['2024-09-15T10:30:00+0530', at('2024-09-15T05:00:00Z'), at('2024-09-15T05:00:00.001Z')],
    ['2024-09-15T10:30:00-05:00', at('2024-09-15T15:30:00Z'), at('2024-09-15T15:30:00.001Z')],
    ['2024-09-15T10:30+02', at('2024-09-15T08:30:00Z'), at('2024-09-15T08:30:00.001Z')],
    ['2024-09-15 10:30:15', at('2024-09-15T10:30:15Z'), at('2024-09-15T10:30:15.001Z')],
  ])('reads %s', (text, lo, hi) => {
    expect(parseDateTime(text)).toEqual({ lo, hi });
  });

  it('reads years below 100 as written', () => {
    expect(parseDateTime('0001-01-01')).toEqual({ lo: -62135596800000, hi: -62135510400000 });
  });

  it.each([
    '2023-02-29',
    '2024-13-01',
    '2024-09-15T24:00:00Z',
    '2024-09-15T10:00:00+2400',
    '15/09/2024',
    '2024-9-15',
    '0000-01-01',
  ])('rejects %s', (text) => {
    expect(parseDateTime(text)).toBeNull();
  });
});

describe(parseInteger.name, () => {
  it('reads whole numbers within the exact range only', () => {
    expect(parseInteger('4688')).toBe(4688);
    expect(parseInteger('-3')).toBe(-3);
    expect(parseInteger('+7')).toBe(7);
    expect(parseInteger('9007199254740991')).toBe(9007199254740991);
    expect(parseInteger('9007199254740992')).toBeNull();
    expect(parseInteger('1e3')).toBeNull();
    expect(parseInteger('0x10')).toBeNull();
    expect(parseInteger('')).toBeNull();
  });
});
