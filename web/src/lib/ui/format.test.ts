import { describe, expect, it } from 'vitest';

import {
  formatAgo,
  formatCount,
  formatTime,
  formatUtc,
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
