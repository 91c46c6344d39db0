import { describe, expect, it } from 'vitest';

import { parseSchedule } from '../rules/schedule/index.js';
import {
  addScheduledMatch,
  closeByClock,
  createScheduledGroup,
  type ScheduledMatch,
} from './scheduled-window.js';

const minute = 60_000;
const hour = 60 * minute;
const lateness = 60_000;

// Daily 09:00-10:00 UTC from 2024-03-01.
const nineToTen = parseSchedule(
  { repeat: 'DAILY', startDate: '2024-03-01', startTime: '09:00', endTime: '10:00' },
  'UTC',
);
const nine = Date.UTC(2024, 2, 1, 9);

function match(id: number, time: number, overrides: Partial<ScheduledMatch> = {}): ScheduledMatch {
  return { id, time, receivedAt: time, hostname: 'ws1', ...overrides };
}

describe(addScheduledMatch.name, () => {
  it('holds the matches of a window until a later match passes its end plus the lateness', () => {
    const sut = createScheduledGroup();

    const first = addScheduledMatch(sut, match(1, nine + 5 * minute), nineToTen, lateness);
    const second = addScheduledMatch(sut, match(2, nine + 50 * minute), nineToTen, lateness);
    const outside = addScheduledMatch(sut, match(3, nine + hour + 59_999), nineToTen, lateness);
    const closing = addScheduledMatch(sut, match(4, nine + hour + lateness), nineToTen, lateness);

    expect([first.closed, second.closed, outside.closed]).toEqual([[], [], []]);
    expect(closing.closed).toEqual([
      {
        start: nine,
        end: nine + hour,
        matchCount: 2,
        eventIds: [1, 2],
        firstTime: nine + 5 * minute,
        lastTime: nine + 50 * minute,
        lastReceivedAt: nine + 50 * minute,
        hostname: 'ws1',
      },
    ]);
    expect(sut.windows).toEqual([]);
    expect(sut.closedThrough).toBe(nine + hour);
  });

  it('opens no window for a match between windows', () => {
    const sut = createScheduledGroup();

    const outcome = addScheduledMatch(sut, match(1, nine - minute), nineToTen, lateness);

    expect(outcome).toEqual({ late: false, closed: [] });
    expect(sut.windows).toEqual([]);
    expect(sut.maxTime).toBe(nine - minute);
  });

  it('produces one alert per window, oldest first, when one match closes several', () => {
    const sut = createScheduledGroup();
    addScheduledMatch(sut, match(1, nine + 24 * hour), nineToTen, lateness);
    addScheduledMatch(sut, match(2, nine), nineToTen, 25 * hour);

    const outcome = addScheduledMatch(sut, match(3, nine + 72 * hour), nineToTen, lateness);

    expect(outcome.closed.map((window) => [window.start, window.eventIds])).toEqual([
      [nine, [2]],
      [nine + 24 * hour, [1]],
    ]);
  });

  it('reports a match for a window that has closed as late', () => {
    const sut = createScheduledGroup();
    addScheduledMatch(sut, match(1, nine + 5 * minute), nineToTen, lateness);
    addScheduledMatch(sut, match(2, nine + 2 * hour), nineToTen, lateness);

    const outcome = addScheduledMatch(sut, match(3, nine + 10 * minute), nineToTen, lateness);

    expect(outcome).toEqual({ late: true, closed: [] });
    expect(sut.windows).toEqual([]);
  });

  it('accepts a match older than the watermark while its window is still open', () => {
    const sut = createScheduledGroup();
    addScheduledMatch(sut, match(1, nine + 59 * minute), nineToTen, lateness);

    const outcome = addScheduledMatch(sut, match(2, nine + minute), nineToTen, lateness);

    expect(outcome).toEqual({ late: false, closed: [] });
    expect(sut.windows[0]!.eventIds).toEqual([1, 2]);
  });

  it('keeps the hostname only while every match shares it', () => {
    const sut = createScheduledGroup();
    addScheduledMatch(sut, match(1, nine), nineToTen, lateness);
    addScheduledMatch(sut, match(2, nine + 1, { hostname: 'ws2' }), nineToTen, lateness);
    addScheduledMatch(sut, match(3, nine + 2), nineToTen, lateness);

    expect(sut.windows[0]!.hostname).toBeNull();
  });

  it('follows the rule time zone through the spring DST change', () => {
    // 01:00-04:00 in Berlin on 2024-03-31 lasts two hours: 02:00 local does not exist.
    const berlin = parseSchedule(
      { repeat: 'DAILY', startDate: '2024-03-30', startTime: '01:00', endTime: '04:00' },
      'Europe/Berlin',
    );
    const start = Date.UTC(2024, 2, 31, 0);
    const sut = createScheduledGroup();

    addScheduledMatch(sut, match(1, start - 1), berlin, lateness);
    addScheduledMatch(sut, match(2, start), berlin, lateness);
    addScheduledMatch(sut, match(3, start + 2 * hour - 1), berlin, lateness);
    addScheduledMatch(sut, match(4, start + 2 * hour), berlin, lateness);
    const outcome = addScheduledMatch(sut, match(5, start + 2 * hour + lateness), berlin, lateness);

    expect(outcome.closed.map((window) => [window.start, window.end, window.eventIds])).toEqual([
      [start, start + 2 * hour, [2, 3]],
    ]);
  });

  it('follows the rule time zone through the autumn DST change', () => {
    // 01:00-04:00 in Berlin on 2024-10-27 lasts four hours: 02:00-03:00 happens twice.
    const berlin = parseSchedule(
      { repeat: 'DAILY', startDate: '2024-10-26', startTime: '01:00', endTime: '04:00' },
      'Europe/Berlin',
    );
    const start = Date.UTC(2024, 9, 26, 23);
    const sut = createScheduledGroup();

    addScheduledMatch(sut, match(1, start), berlin, lateness);
    addScheduledMatch(sut, match(2, start + 4 * hour - 1), berlin, lateness);
    const outcome = addScheduledMatch(sut, match(3, start + 4 * hour + lateness), berlin, lateness);

    expect(outcome.closed.map((window) => [window.start, window.end, window.eventIds])).toEqual([
      [start, start + 4 * hour, [1, 2]],
    ]);
  });
});

describe(closeByClock.name, () => {
  it('closes a window once the clock passes its end and its last arrival plus the lateness', () => {
    const sut = createScheduledGroup();
    addScheduledMatch(sut, match(1, nine, { receivedAt: nine + 2 * hour }), nineToTen, lateness);

    const early = closeByClock(sut, nine + 2 * hour + lateness - 1, lateness);
    const due = closeByClock(sut, nine + 2 * hour + lateness, lateness);

    expect(early).toEqual([]);
    expect(due.map((window) => window.eventIds)).toEqual([[1]]);
    expect(sut.closedThrough).toBe(nine + hour);
  });

  it('makes later matches for the closed window late', () => {
    const sut = createScheduledGroup();
    addScheduledMatch(sut, match(1, nine), nineToTen, lateness);
    closeByClock(sut, nine + hour + lateness, lateness);

    const outcome = addScheduledMatch(sut, match(2, nine + minute), nineToTen, lateness);

    expect(outcome.late).toBe(true);
  });
});
