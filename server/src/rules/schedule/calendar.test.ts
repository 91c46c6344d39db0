import { describe, expect, it } from 'vitest';

import {
  dayInMonth,
  daysInMonth,
  formatDate,
  formatTime,
  monthOf,
  parseDate,
  parseTime,
  weekdayIndex,
} from './calendar.js';

const month = (year: number, monthNumber: number) => year * 12 + monthNumber - 1;

describe(parseDate.name, () => {
  it.each([
    ['1970-01-01', 0],
    ['2025-01-06', 20094],
    ['2024-02-29', 19782],
    ['9999-12-31', 2932896],
  ])('reads %s as day %i', (text, day) => {
    expect(parseDate(text)).toBe(day);
  });

  it.each([
    '2023-02-29',
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '2025-01-00',
    '1969-12-31',
    '10000-01-01',
    '2025-1-6',
    '2025-01-06T00:00',
    '',
  ])('rejects %j', (text) => {
    expect(parseDate(text)).toBeNull();
  });
});

describe(formatDate.name, () => {
  it('writes a day number back as the date it was read from', () => {
    expect(formatDate(19782)).toBe('2024-02-29');
    expect(formatDate(parseDate('2031-11-09')!)).toBe('2031-11-09');
  });
});

describe(parseTime.name, () => {
  it.each([
    ['00:00', 0],
    ['02:30', 150],
    ['16:56', 1016],
    ['23:59', 1439],
  ])('reads %s as minute %i', (text, minute) => {
    expect(parseTime(text)).toBe(minute);
  });

  it.each(['24:00', '12:60', '4:56', '16:56:00', '4:56 pm', ''])('rejects %j', (text) => {
    expect(parseTime(text)).toBeNull();
  });

  it('is the inverse of formatTime', () => {
    expect(formatTime(1016)).toBe('16:56');
    expect(formatTime(5)).toBe('00:05');
  });
});

describe(weekdayIndex.name, () => {
  it('counts Monday as 0 and Sunday as 6', () => {
    expect(weekdayIndex(parseDate('2025-01-06')!)).toBe(0);
    expect(weekdayIndex(parseDate('2025-01-08')!)).toBe(2);
    expect(weekdayIndex(parseDate('2025-01-12')!)).toBe(6);
    expect(weekdayIndex(parseDate('1970-01-01')!)).toBe(3);
  });
});

describe(dayInMonth.name, () => {
  it('uses the last day of a month that lacks the day', () => {
    expect(formatDate(dayInMonth(month(2025, 4), 31))).toBe('2025-04-30');
    expect(formatDate(dayInMonth(month(2025, 2), 29))).toBe('2025-02-28');
    expect(formatDate(dayInMonth(month(2024, 2), 30))).toBe('2024-02-29');
    expect(formatDate(dayInMonth(month(2100, 2), 29))).toBe('2100-02-28');
    expect(formatDate(dayInMonth(month(2000, 2), 29))).toBe('2000-02-29');
  });

  it('keeps a day the month has', () => {
    expect(formatDate(dayInMonth(month(2025, 1), 31))).toBe('2025-01-31');
    expect(formatDate(dayInMonth(month(2025, 12), 15))).toBe('2025-12-15');
  });

  it('agrees with daysInMonth and monthOf', () => {
    expect([1, 2, 3, 4, 12].map((m) => daysInMonth(month(2023, m)))).toEqual([31, 28, 31, 30, 31]);
    expect(monthOf(parseDate('2024-02-29')!)).toBe(month(2024, 2));
  });
});
