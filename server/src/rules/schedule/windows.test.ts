import { describe, expect, it } from 'vitest';

import { parseSchedule, type ScheduleInput } from './schedule.js';
import { nextWindows, windowContaining, windowsBetween, type Window } from './windows.js';

const defaults: ScheduleInput = {
  repeat: 'DAILY',
  startDate: '2025-01-06',
  startTime: '16:56',
  endTime: '17:56',
};
const scheduleOf = (overrides: Partial<ScheduleInput> = {}, timeZone = 'UTC') =>
  parseSchedule({ ...defaults, ...overrides }, timeZone);

const at = (text: string) => Date.parse(text.endsWith('Z') ? text : `${text}Z`);
const minutes = (window: Window) => (window.end - window.start) / 60_000;

/** Windows as ISO 8601 intervals to the minute: '2025-01-06T16:56Z/2025-01-06T17:56Z'. */
function spans(windows: readonly (Window | null)[]): (string | null)[] {
  const iso = (instant: number) => new Date(instant).toISOString().slice(0, 16) + 'Z';
  return windows.map((window) => (window ? `${iso(window.start)}/${iso(window.end)}` : null));
}

/** The first window of a schedule that starts on `startDate`. */
function firstWindow(startDate: string, overrides: Partial<ScheduleInput>, timeZone: string) {
  return nextWindows(scheduleOf({ startDate, ...overrides }, timeZone), 0, 1)[0]!;
}

describe(nextWindows.name, () => {
  it('lists the next daily windows at the wall-clock time of the zone', () => {
    const sut = scheduleOf({}, 'Europe/Berlin');

    expect(spans(nextWindows(sut, at('2025-01-06T00:00'), 3))).toEqual([
      '2025-01-06T15:56Z/2025-01-06T16:56Z',
      '2025-01-07T15:56Z/2025-01-07T16:56Z',
      '2025-01-08T15:56Z/2025-01-08T16:56Z',
    ]);
  });

  it('lists windows on the chosen weekdays only', () => {
    const sut = scheduleOf({ repeat: 'WEEKLY', weekdays: ['MONDAY', 'WEDNESDAY'] });

    expect(spans(nextWindows(sut, at('2025-01-01T00:00'), 5))).toEqual([
      '2025-01-06T16:56Z/2025-01-06T17:56Z',
      '2025-01-08T16:56Z/2025-01-08T17:56Z',
      '2025-01-13T16:56Z/2025-01-13T17:56Z',
      '2025-01-15T16:56Z/2025-01-15T17:56Z',
      '2025-01-20T16:56Z/2025-01-20T17:56Z',
    ]);
  });

  it('counts every second week from the Monday of the week holding the start date', () => {
    const sut = scheduleOf({
      repeat: 'WEEKLY',
      every: 2,
      weekdays: ['MONDAY', 'FRIDAY'],
      startDate: '2025-01-08',
    });

    expect(spans(nextWindows(sut, at('2025-01-01T00:00'), 5))).toEqual([
      '2025-01-10T16:56Z/2025-01-10T17:56Z',
      '2025-01-20T16:56Z/2025-01-20T17:56Z',
      '2025-01-24T16:56Z/2025-01-24T17:56Z',
      '2025-02-03T16:56Z/2025-02-03T17:56Z',
      '2025-02-07T16:56Z/2025-02-07T17:56Z',
    ]);
  });

  it('counts every third day from the start date', () => {
    const sut = scheduleOf({ every: 3 });

    expect(spans(nextWindows(sut, at('2025-01-07T00:00'), 2))).toEqual([
      '2025-01-09T16:56Z/2025-01-09T17:56Z',
      '2025-01-12T16:56Z/2025-01-12T17:56Z',
    ]);
  });

  it('uses the last day of the months without a day 31', () => {
    const sut = scheduleOf({ repeat: 'MONTHLY', dayOfMonth: 31, startDate: '2025-01-01' });

    expect(spans(nextWindows(sut, at('2025-01-01T00:00'), 5))).toEqual([
      '2025-01-31T16:56Z/2025-01-31T17:56Z',
      '2025-02-28T16:56Z/2025-02-28T17:56Z',
      '2025-03-31T16:56Z/2025-03-31T17:56Z',
      '2025-04-30T16:56Z/2025-04-30T17:56Z',
      '2025-05-31T16:56Z/2025-05-31T17:56Z',
    ]);
  });

  it('opens a window on day 29 on 29 February in leap years and on 28 February otherwise', () => {
    const sut = scheduleOf({
      repeat: 'MONTHLY',
      every: 12,
      dayOfMonth: 29,
      startDate: '2024-02-01',
    });

    expect(spans(nextWindows(sut, at('2024-01-01T00:00'), 5))).toEqual([
      '2024-02-29T16:56Z/2024-02-29T17:56Z',
      '2025-02-28T16:56Z/2025-02-28T17:56Z',
      '2026-02-28T16:56Z/2026-02-28T17:56Z',
      '2027-02-28T16:56Z/2027-02-28T17:56Z',
      '2028-02-29T16:56Z/2028-02-29T17:56Z',
    ]);
  });

  it('counts months from the start month and skips a day before the start date', () => {
    const sut = scheduleOf({
      repeat: 'MONTHLY',
      every: 2,
      dayOfMonth: 15,
      startDate: '2025-01-20',
    });

    expect(spans(nextWindows(sut, at('2025-01-01T00:00'), 2))).toEqual([
      '2025-03-15T16:56Z/2025-03-15T17:56Z',
      '2025-05-15T16:56Z/2025-05-15T17:56Z',
    ]);
  });

  it('opens a clamped window on the start date itself', () => {
    const sut = scheduleOf({ repeat: 'MONTHLY', dayOfMonth: 31, startDate: '2025-02-28' });

    expect(spans(nextWindows(sut, at('2025-01-01T00:00'), 1))).toEqual([
      '2025-02-28T16:56Z/2025-02-28T17:56Z',
    ]);
  });

  it('lets a window cross midnight into the next day', () => {
    const sut = scheduleOf({ startTime: '23:00', endTime: '01:00' }, 'Asia/Kolkata');

    expect(spans(nextWindows(sut, at('2025-01-06T00:00'), 2))).toEqual([
      '2025-01-06T17:30Z/2025-01-06T19:30Z',
      '2025-01-07T17:30Z/2025-01-07T19:30Z',
    ]);
  });

  it('opens the last window on the end date, even when it ends the day after', () => {
    const sut = scheduleOf({ startTime: '23:00', endTime: '01:00', endDate: '2025-01-07' });

    expect(spans(nextWindows(sut, at('2025-01-01T00:00'), 5))).toEqual([
      '2025-01-06T23:00Z/2025-01-07T01:00Z',
      '2025-01-07T23:00Z/2025-01-08T01:00Z',
    ]);
  });

  it('includes the window open at the given time', () => {
    const sut = scheduleOf();

    expect(spans(nextWindows(sut, at('2025-01-07T17:00'), 1))).toEqual([
      '2025-01-07T16:56Z/2025-01-07T17:56Z',
    ]);
    expect(spans(nextWindows(sut, at('2025-01-07T17:56'), 1))).toEqual([
      '2025-01-08T16:56Z/2025-01-08T17:56Z',
    ]);
  });

  it('returns nothing for a count of 0', () => {
    expect(nextWindows(scheduleOf(), at('2025-01-07T17:00'), 0)).toEqual([]);
  });

  it('opens no window that would close after the year 9999', () => {
    const sut = scheduleOf({ startDate: '9999-12-30', startTime: '23:30', endTime: '00:30' });

    expect(spans(nextWindows(sut, at('9999-12-01T00:00'), 5))).toEqual([
      '9999-12-30T23:30Z/9999-12-31T00:30Z',
    ]);
    expect(
      nextWindows(scheduleOf({ startDate: '9999-12-31' }, 'Pacific/Kiritimati'), 0, 5),
    ).toEqual([{ start: at('9999-12-31T02:56'), end: at('9999-12-31T03:56') }]);
  });
});

describe('windows across daylight-saving changes', () => {
  describe('America/New_York, clocks forward from 02:00 to 03:00 on 2025-03-09', () => {
    const zone = 'America/New_York';

    it('starts a window whose start time is skipped when the clocks jump', () => {
      const sut = scheduleOf({ startTime: '02:30', endTime: '03:30' }, zone);

      expect(spans(nextWindows(sut, at('2025-03-08T00:00'), 3))).toEqual([
        '2025-03-08T07:30Z/2025-03-08T08:30Z',
        '2025-03-09T07:00Z/2025-03-09T07:30Z',
        '2025-03-10T06:30Z/2025-03-10T07:30Z',
      ]);
    });

    it('ends a window whose end time is skipped when the clocks jump', () => {
      const sut = firstWindow('2025-03-09', { startTime: '01:30', endTime: '02:30' }, zone);

      expect(spans([sut])).toEqual(['2025-03-09T06:30Z/2025-03-09T07:00Z']);
    });

    it('shortens a window spanning the skipped hour by that hour', () => {
      const sut = firstWindow('2025-03-09', { startTime: '01:00', endTime: '04:00' }, zone);

      expect(minutes(sut)).toBe(120);
    });

    it('opens no window on the day its whole span is skipped', () => {
      const sut = scheduleOf({ startTime: '02:10', endTime: '02:50' }, zone);

      expect(spans(nextWindows(sut, at('2025-03-08T00:00'), 2))).toEqual([
        '2025-03-08T07:10Z/2025-03-08T07:50Z',
        '2025-03-10T06:10Z/2025-03-10T06:50Z',
      ]);
    });
  });

  describe('America/New_York, clocks back from 02:00 to 01:00 on 2025-11-02', () => {
    const zone = 'America/New_York';

    it('starts a window at the first of two 01:30s and lengthens it by the repeated hour', () => {
      const sut = scheduleOf({ startTime: '01:30', endTime: '02:30' }, zone);

      expect(spans(nextWindows(sut, at('2025-11-01T00:00'), 3))).toEqual([
        '2025-11-01T05:30Z/2025-11-01T06:30Z',
        '2025-11-02T05:30Z/2025-11-02T07:30Z',
        '2025-11-03T06:30Z/2025-11-03T07:30Z',
      ]);
    });

    it('ends a window at the first of two 01:30s', () => {
      const sut = firstWindow('2025-11-02', { startTime: '00:30', endTime: '01:30' }, zone);

      expect(spans([sut])).toEqual(['2025-11-02T04:30Z/2025-11-02T05:30Z']);
    });

    it('lengthens a window spanning the repeated hour by that hour', () => {
      const sut = firstWindow('2025-11-02', { startTime: '00:00', endTime: '03:00' }, zone);

      expect(minutes(sut)).toBe(240);
    });

    it('lengthens a window crossing midnight into the change', () => {
      const sut = scheduleOf(
        { startTime: '23:00', endTime: '04:00', startDate: '2025-11-01' },
        zone,
      );

      expect(spans(nextWindows(sut, at('2025-11-01T00:00'), 1))).toEqual([
        '2025-11-02T03:00Z/2025-11-02T09:00Z',
      ]);
    });
  });

  describe('Europe/Berlin', () => {
    const zone = 'Europe/Berlin';

    it('starts a window at 03:00 when 02:30 is skipped on 2025-03-30', () => {
      const sut = firstWindow('2025-03-30', { startTime: '02:30', endTime: '04:00' }, zone);

      expect(spans([sut])).toEqual(['2025-03-30T01:00Z/2025-03-30T02:00Z']);
    });

    it('runs a window from 02:00 to 03:00 for two hours when 02:00 repeats on 2025-10-26', () => {
      const sut = firstWindow('2025-10-26', { startTime: '02:00', endTime: '03:00' }, zone);

      expect(spans([sut])).toEqual(['2025-10-26T00:00Z/2025-10-26T02:00Z']);
    });
  });

  describe('Australia/Lord_Howe, which shifts by 30 minutes', () => {
    const zone = 'Australia/Lord_Howe';

    it('shortens a window by 30 minutes when 02:00 to 02:30 is skipped on 2024-10-06', () => {
      const sut = firstWindow('2024-10-06', { startTime: '01:30', endTime: '02:30' }, zone);

      expect(spans([sut])).toEqual(['2024-10-05T15:00Z/2024-10-05T15:30Z']);
    });

    it('lengthens a window by 30 minutes when 01:30 to 02:00 repeats on 2024-04-07', () => {
      const sut = firstWindow('2024-04-07', { startTime: '01:30', endTime: '02:30' }, zone);

      expect(spans([sut])).toEqual(['2024-04-06T14:30Z/2024-04-06T16:00Z']);
    });
  });

  describe('Pacific/Apia, which left out 30 December 2011', () => {
    const zone = 'Pacific/Apia';

    it('opens no window on the day that did not happen', () => {
      const sut = scheduleOf(
        { startDate: '2011-12-28', startTime: '09:00', endTime: '17:00' },
        zone,
      );

      expect(spans(nextWindows(sut, at('2011-12-28T00:00'), 3))).toEqual([
        '2011-12-28T19:00Z/2011-12-29T03:00Z',
        '2011-12-29T19:00Z/2011-12-30T03:00Z',
        '2011-12-30T19:00Z/2011-12-31T03:00Z',
      ]);
    });

    it('ends a window running into that day when the day was skipped', () => {
      const sut = scheduleOf(
        { startDate: '2011-12-29', startTime: '22:00', endTime: '02:00' },
        zone,
      );

      expect(spans(nextWindows(sut, at('2011-12-29T00:00'), 1))).toEqual([
        '2011-12-30T08:00Z/2011-12-30T10:00Z',
      ]);
    });
  });
});

describe(windowsBetween.name, () => {
  const sut = scheduleOf({ endDate: '2025-01-09' });

  it('lists every window overlapping the range, the ones cut by its edges included', () => {
    expect(spans(windowsBetween(sut, at('2025-01-06T17:00'), at('2025-01-08T17:00')))).toEqual([
      '2025-01-06T16:56Z/2025-01-06T17:56Z',
      '2025-01-07T16:56Z/2025-01-07T17:56Z',
      '2025-01-08T16:56Z/2025-01-08T17:56Z',
    ]);
  });

  it('leaves out a window that ends at the start of the range or starts at its end', () => {
    expect(spans(windowsBetween(sut, at('2025-01-06T17:56'), at('2025-01-08T16:56')))).toEqual([
      '2025-01-07T16:56Z/2025-01-07T17:56Z',
    ]);
  });

  it('lists nothing before the start date, after the end date or for an empty range', () => {
    expect(windowsBetween(sut, at('2024-01-01T00:00'), at('2025-01-06T16:56'))).toEqual([]);
    expect(windowsBetween(sut, at('2025-01-09T17:56'), at('2026-01-01T00:00'))).toEqual([]);
    expect(windowsBetween(sut, at('2025-01-07T17:00'), at('2025-01-07T17:00'))).toEqual([]);
  });

  it('rejects a time that is not a finite number', () => {
    expect(() => windowsBetween(sut, Number.NaN, at('2025-01-07T17:00'))).toThrow(
      new RangeError('from must be a finite epoch time in ms; got NaN'),
    );
  });
});

describe(windowContaining.name, () => {
  it('finds the window holding a time, start inclusive and end exclusive', () => {
    const sut = scheduleOf({ repeat: 'WEEKLY', weekdays: ['MONDAY', 'WEDNESDAY'] });

    expect(
      spans([
        windowContaining(sut, at('2025-01-08T16:55:59.999')),
        windowContaining(sut, at('2025-01-08T16:56')),
        windowContaining(sut, at('2025-01-08T17:55:59.999')),
        windowContaining(sut, at('2025-01-08T17:56')),
        windowContaining(sut, at('2025-01-09T17:00')),
      ]),
    ).toEqual([
      null,
      '2025-01-08T16:56Z/2025-01-08T17:56Z',
      '2025-01-08T16:56Z/2025-01-08T17:56Z',
      null,
      null,
    ]);
  });

  it('answers the same whichever order the times come in', () => {
    const sut = scheduleOf();
    const times = ['2025-01-07T17:00', '2025-01-07T12:00', '2025-01-07T17:30', '2025-01-06T17:00'];

    const forward = times.map((time) => windowContaining(sut, at(time)));
    const backward = [...times].reverse().map((time) => windowContaining(scheduleOf(), at(time)));

    expect(spans(forward)).toEqual([
      '2025-01-07T16:56Z/2025-01-07T17:56Z',
      null,
      '2025-01-07T16:56Z/2025-01-07T17:56Z',
      '2025-01-06T16:56Z/2025-01-06T17:56Z',
    ]);
    expect(spans(backward.reverse())).toEqual(spans(forward));
  });

  it('finds no window before the start date or after the end date', () => {
    const sut = scheduleOf({ endDate: '2025-01-07' });

    expect(windowContaining(sut, at('2025-01-05T17:00'))).toBeNull();
    expect(windowContaining(sut, at('2025-01-08T17:00'))).toBeNull();
    expect(windowContaining(sut, at('2035-01-08T17:00'))).toBeNull();
  });

  it('finds a window whose start was moved to the end of the skipped hour', () => {
    const sut = scheduleOf({ startTime: '02:30', endTime: '03:30' }, 'America/New_York');

    expect(windowContaining(sut, at('2025-03-09T06:59:59'))).toBeNull();
    expect(spans([windowContaining(sut, at('2025-03-09T07:00'))])).toEqual([
      '2025-03-09T07:00Z/2025-03-09T07:30Z',
    ]);
  });

  it('finds a 24-hour window that runs into the next one', () => {
    const sut = scheduleOf({ startTime: '09:00', endTime: null, durationMinutes: 1440 });

    expect(spans([windowContaining(sut, at('2025-01-08T08:59'))])).toEqual([
      '2025-01-07T09:00Z/2025-01-08T09:00Z',
    ]);
    expect(spans([windowContaining(sut, at('2025-01-08T09:00'))])).toEqual([
      '2025-01-08T09:00Z/2025-01-09T09:00Z',
    ]);
  });
});
