import { describe, expect, it } from 'vitest';

import {
  formatAgo,
  formatCount,
  formatOffset,
  formatTime,
  formatUtc,
  formatZone,
  formatZonedTime,
  fromLocalInput,
  plural,
  toLocalInput,
} from './format.js';

describe(formatTime.name, () => {
  it('shows the instant in the given zone', () => {
    expect(formatTime('2026-03-29T00:30:00.000Z', 'Europe/Berlin')).toBe('2026-03-29 01:30:00');
    expect(formatTime('2026-03-29T01:30:00.000Z', 'Europe/Berlin')).toBe('2026-03-29 03:30:00');
  });

  it('drops the seconds when asked', () => {
    expect(formatTime(Date.UTC(2026, 0, 2, 3, 4, 5), 'UTC', false)).toBe('2026-01-02 03:04');
  });

  it('shows a dash for an invalid time', () => {
    expect(formatTime('not a time', 'UTC')).toBe('—');
  });
});

describe(formatZone.name, () => {
  it('names the zone by its abbreviation, or by its offset where it has none', () => {
    expect(formatZone('2020-10-18T23:50:06.000Z', 'UTC')).toBe('UTC');
    expect(formatZone('2020-10-18T23:50:06.000Z', 'Asia/Kolkata')).toBe('GMT+5:30');
    expect(formatZone('2020-10-18T23:50:06.000Z', 'America/Los_Angeles')).toBe('PDT');
    expect(formatZone('2020-12-18T23:50:06.000Z', 'America/Los_Angeles')).toBe('PST');
  });
});

describe(formatOffset.name, () => {
  it('writes the offset from UTC at the instant, in hours and minutes', () => {
    expect(formatOffset('2020-10-18T23:50:06.000Z', 'Asia/Kolkata')).toBe('UTC+05:30');
    expect(formatOffset('2027-11-07T05:30:00.000Z', 'America/New_York')).toBe('UTC-04:00');
    expect(formatOffset('2027-11-07T07:30:00.000Z', 'America/New_York')).toBe('UTC-05:00');
    expect(formatOffset('2026-01-01T00:00:00.000Z', 'UTC')).toBe('UTC+00:00');
    expect(formatOffset('2026-01-01T00:00:00.000Z', 'Asia/Kathmandu')).toBe('UTC+05:45');
  });
});

describe(formatZonedTime.name, () => {
  it('tells apart the two readings of a clock set back', () => {
    expect(formatZonedTime('2027-11-07T05:30:00.000Z', 'America/New_York')).toBe(
      '2027-11-07 01:30 UTC-04:00',
    );
    expect(formatZonedTime('2027-11-07T06:30:00.000Z', 'America/New_York')).toBe(
      '2027-11-07 01:30 UTC-05:00',
    );
  });
});

describe(formatUtc.name, () => {
  it('names the zone and drops milliseconds', () => {
    expect(formatUtc('2026-12-04T16:21:08.123Z')).toBe('2026-12-04 16:21:08 UTC');
  });
});

describe(formatAgo.name, () => {
  const now = Date.UTC(2026, 0, 1, 12);

  it('rounds to the largest sensible unit', () => {
    expect(formatAgo(now - 10_000, now)).toBe('just now');
    expect(formatAgo(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatAgo(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatAgo(now - 4 * 86_400_000, now)).toBe('4 d ago');
  });
});

describe(formatCount.name, () => {
  it('groups thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});

describe(plural.name, () => {
  it('uses the singular for exactly one and the plural otherwise', () => {
    expect(plural(1, 'alert')).toBe('alert');
    expect(plural(0, 'alert')).toBe('alerts');
    expect(plural(2, 'alert')).toBe('alerts');
    expect(plural(1, 'match', 'matches')).toBe('match');
    expect(plural(3, 'match', 'matches')).toBe('matches');
  });
});

describe(toLocalInput.name, () => {
  it('writes the minute in the zone for a datetime-local input', () => {
    expect(toLocalInput('2026-07-01T10:15:42.000Z', 'Europe/Berlin')).toBe('2026-07-01T12:15');
  });
});

describe(fromLocalInput.name, () => {
  it('reads an input value as an instant and rejects empty or invalid ones', () => {
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('not a time')).toBeNull();
    expect(fromLocalInput('2026-07-01T12:15')).toBe(new Date(2026, 6, 1, 12, 15).toISOString());
  });
});
