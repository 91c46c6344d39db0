import { describe, expect, it } from 'vitest';

import { offsetAt, resolveTimeZone, toInstant, toWallClock } from './time-zone.js';

const hour = 3_600_000;

/** A wall-clock reading written as if it were UTC: '2025-03-09T02:30'. */
const wall = (text: string) => Date.parse(`${text}Z`);
const iso = (instant: number) => new Date(instant).toISOString().slice(0, 16) + 'Z';

describe(resolveTimeZone.name, () => {
  it.each([
    ['America/New_York', 'America/New_York'],
    ['america/new_york', 'America/New_York'],
    ['UTC', 'UTC'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['Australia/Lord_Howe', 'Australia/Lord_Howe'],
    ['US/Eastern', 'US/Eastern'],
    ['Etc/GMT+5', 'Etc/GMT+5'],
  ])('accepts %s as %s', (name, resolved) => {
    expect(resolveTimeZone(name)).toBe(resolved);
  });

  it.each(['Mars/Olympus_Mons', '+05:30', '-0800', 'GMT+5:30', '', 'America/New York'])(
    'rejects %j',
    (name) => {
      expect(resolveTimeZone(name)).toBeNull();
    },
  );
});

describe(offsetAt.name, () => {
  it('reads whole-hour, half-hour and seasonal offsets', () => {
    expect(offsetAt('UTC', Date.parse('2025-07-01T00:00Z'))).toBe(0);
    expect(offsetAt('Asia/Kolkata', Date.parse('2025-07-01T00:00Z'))).toBe(5.5 * hour);
    expect(offsetAt('America/New_York', Date.parse('2025-01-15T12:00Z'))).toBe(-5 * hour);
    expect(offsetAt('America/New_York', Date.parse('2025-07-15T12:00Z'))).toBe(-4 * hour);
    expect(offsetAt('Australia/Lord_Howe', Date.parse('2025-01-15T12:00Z'))).toBe(11 * hour);
    expect(offsetAt('Australia/Lord_Howe', Date.parse('2025-07-15T12:00Z'))).toBe(10.5 * hour);
  });

  it('changes at the transition instant', () => {
    expect(offsetAt('Europe/Berlin', Date.parse('2025-03-30T00:59:59Z'))).toBe(hour);
    expect(offsetAt('Europe/Berlin', Date.parse('2025-03-30T01:00Z'))).toBe(2 * hour);
  });
});

describe(toWallClock.name, () => {
  it('reads the clock of the zone', () => {
    expect(iso(toWallClock('Asia/Kolkata', Date.parse('2025-01-01T18:30Z')))).toBe(
      '2025-01-02T00:00Z',
    );
  });
});

describe(toInstant.name, () => {
  it('maps an ordinary reading to its only instant', () => {
    expect(iso(toInstant('America/New_York', wall('2025-03-08T02:30')))).toBe('2025-03-08T07:30Z');
    expect(iso(toInstant('Asia/Kolkata', wall('2025-01-02T00:00')))).toBe('2025-01-01T18:30Z');
    expect(iso(toInstant('UTC', wall('2025-01-02T00:00')))).toBe('2025-01-02T00:00Z');
  });

  it('maps a skipped reading to the instant the clocks jump forward', () => {
    // New York: 02:00 EST becomes 03:00 EDT at 07:00Z.
    expect(iso(toInstant('America/New_York', wall('2025-03-09T02:00')))).toBe('2025-03-09T07:00Z');
    expect(iso(toInstant('America/New_York', wall('2025-03-09T02:30')))).toBe('2025-03-09T07:00Z');
    expect(iso(toInstant('America/New_York', wall('2025-03-09T02:59')))).toBe('2025-03-09T07:00Z');
    expect(iso(toInstant('America/New_York', wall('2025-03-09T03:00')))).toBe('2025-03-09T07:00Z');
    expect(iso(toInstant('America/New_York', wall('2025-03-09T01:59')))).toBe('2025-03-09T06:59Z');
    // Berlin: 02:00 CET becomes 03:00 CEST at 01:00Z.
    expect(iso(toInstant('Europe/Berlin', wall('2025-03-30T02:30')))).toBe('2025-03-30T01:00Z');
    // Lord Howe: 02:00 +10:30 becomes 02:30 +11:00 at 15:30Z the day before.
    expect(iso(toInstant('Australia/Lord_Howe', wall('2024-10-06T02:15')))).toBe(
      '2024-10-05T15:30Z',
    );
  });

  it('maps a repeated reading to its first occurrence', () => {
    // New York: 02:00 EDT becomes 01:00 EST at 06:00Z; 01:30 happens at 05:30Z and 06:30Z.
    expect(iso(toInstant('America/New_York', wall('2025-11-02T01:30')))).toBe('2025-11-02T05:30Z');
    expect(iso(toInstant('America/New_York', wall('2025-11-02T01:00')))).toBe('2025-11-02T05:00Z');
    expect(iso(toInstant('America/New_York', wall('2025-11-02T02:00')))).toBe('2025-11-02T07:00Z');
    // Berlin: 03:00 CEST becomes 02:00 CET at 01:00Z.
    expect(iso(toInstant('Europe/Berlin', wall('2025-10-26T02:30')))).toBe('2025-10-26T00:30Z');
    // Lord Howe: 02:00 +11:00 becomes 01:30 +10:30 at 15:00Z the day before.
    expect(iso(toInstant('Australia/Lord_Howe', wall('2024-04-07T01:45')))).toBe(
      '2024-04-06T14:45Z',
    );
  });

  it('maps every reading of a skipped day to the instant the day was skipped', () => {
    // Samoa moved from -10:00 to +14:00 and left out 30 December 2011.
    expect(iso(toInstant('Pacific/Apia', wall('2011-12-30T12:00')))).toBe('2011-12-30T10:00Z');
    expect(iso(toInstant('Pacific/Apia', wall('2011-12-29T23:59')))).toBe('2011-12-30T09:59Z');
    expect(iso(toInstant('Pacific/Apia', wall('2011-12-31T00:00')))).toBe('2011-12-30T10:00Z');
  });
});
