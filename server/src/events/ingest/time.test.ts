import { describe, expect, it } from 'vitest';

import { checkTime, parseTime } from './time.js';

describe(parseTime.name, () => {
  it.each([
    ['2021-06-12 01:07:15.633', '2021-06-12T01:07:15.633Z'],
    ['2021-06-11T09:07:15.635Z', '2021-06-11T09:07:15.635Z'],
    ['2020-10-18 07:49:40.856', '2020-10-18T07:49:40.856Z'],
    ['2019-12-04 20:49:31', '2019-12-04T20:49:31.000Z'],
    ['2024-09-15T00:30:00.000+0000', '2024-09-15T00:30:00.000Z'],
    ['2024-09-15T02:30:00.000+02:00', '2024-09-15T00:30:00.000Z'],
    ['2024-09-14T19:30:00-0500', '2024-09-15T00:30:00.000Z'],
    ['2024-09-15T05:30:00.1234567+05', '2024-09-15T00:30:00.123Z'],
    ['2024-09-15T00:30', '2024-09-15T00:30:00.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(new Date(parseTime(text)!).toISOString()).toBe(iso);
  });

  it('takes a number or a string of digits as milliseconds since the epoch', () => {
    expect(parseTime(1726360200000)).toBe(1726360200000);
    expect(parseTime('1726360200000')).toBe(1726360200000);
    expect(parseTime('-5')).toBe(-5);
    expect(parseTime(1.5)).toBe(1.5);
  });

  it('reads a year before 100 as that year, not as one in the 1900s', () => {
    expect(parseTime('0050-01-01T00:00:00Z')).toBe(-60589296000000);
  });

  it.each([
    'yesterday',
    '2021-02-30 00:00:00',
    '2021-13-01 00:00:00',
    '2021-06-12 24:00:00',
    '2021-06-12T01:07:15+2500',
    '12/06/2021 01:07',
    '',
  ])('refuses %j', (text) => {
    expect(parseTime(text)).toBeNull();
  });
});

describe(checkTime.name, () => {
  it.each([
    [0, 0],
    ['1970-01-01T00:00:00Z', 0],
    [253402300799999, 253402300799999],
    ['9999-12-31T23:59:59.999Z', 253402300799999],
    [-1, 'is out of range (1970-01-01 to 9999-12-31): -1'],
    [253402300800000, 'is out of range (1970-01-01 to 9999-12-31): 253402300800000'],
    [
      '1970-01-01T00:30:00+01:00',
      'is out of range (1970-01-01 to 9999-12-31): "1970-01-01T00:30:00+01:00"',
    ],
    ['0000-01-01T00:00:00Z', 'is out of range (1970-01-01 to 9999-12-31): "0000-01-01T00:00:00Z"'],
    [0.5, 'is not a whole number of milliseconds: 0.5'],
    ['1726360200000.25', 'is not a whole number of milliseconds: "1726360200000.25"'],
    ['soon', 'is not a time: "soon"'],
    [null, 'is not a time: null'],
    [Infinity, 'is not a time: Infinity'],
  ])('reads %j as %j', (value, expected) => {
    expect(checkTime(value)).toBe(expected);
  });
});
