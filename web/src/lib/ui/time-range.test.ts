import { describe, expect, it } from 'vitest';

import { isInRange, presetRange } from './time-range.js';

describe(presetRange.name, () => {
  it('ends now and stays open for live items', () => {
    expect(presetRange('1h', Date.UTC(2026, 0, 1, 12))).toEqual({
      from: '2026-01-01T11:00:00.000Z',
      to: null,
    });
  });
});

describe(isInRange.name, () => {
  const range = { from: '2026-01-01T11:00:00.000Z', to: '2026-01-01T12:00:00.000Z' };

  it('includes the start and excludes the end', () => {
    expect(isInRange(range, '2026-01-01T11:00:00.000Z')).toBe(true);
    expect(isInRange(range, '2026-01-01T12:00:00.000Z')).toBe(false);
    expect(isInRange({ from: null, to: null }, '1999-01-01T00:00:00.000Z')).toBe(true);
  });
});
