import { describe, expect, it } from 'vitest';

import { describeSchedule, formatClock, weekdayName } from './describe.js';
import { parseSchedule, type ScheduleInput } from './schedule.js';

const defaults: ScheduleInput = {
  repeat: 'DAILY',
  startDate: '2025-01-06',
  startTime: '16:56',
  endTime: '17:56',
};

describe(describeSchedule.name, () => {
  it.each<[Partial<ScheduleInput>, string]>([
    [{}, 'Repeats daily from 4:56 pm to 5:56 pm (1.00 hours)'],
    [
      { repeat: 'WEEKLY', weekdays: ['WEDNESDAY', 'MONDAY'] },
      'Repeats every Monday and Wednesday from 4:56 pm to 5:56 pm (1.00 hours)',
    ],
    [
      { repeat: 'WEEKLY', weekdays: ['FRIDAY'] },
      'Repeats every Friday from 4:56 pm to 5:56 pm (1.00 hours)',
    ],
    [
      { repeat: 'WEEKLY', weekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], every: 2 },
      'Repeats every 2 weeks on Monday, Wednesday and Friday from 4:56 pm to 5:56 pm (1.00 hours)',
    ],
    [
      { repeat: 'MONTHLY', dayOfMonth: 15 },
      'Repeats monthly on day 15 from 4:56 pm to 5:56 pm (1.00 hours)',
    ],
    [
      { repeat: 'MONTHLY', dayOfMonth: 31 },
      'Repeats monthly on day 31 (the last day in shorter months) from 4:56 pm to 5:56 pm (1.00 hours)',
    ],
    [
      { repeat: 'MONTHLY', dayOfMonth: 29, every: 3 },
      'Repeats every 3 months on day 29 (the last day in shorter months) from 4:56 pm to 5:56 pm (1.00 hours)',
    ],
    [{ every: 2 }, 'Repeats every 2 days from 4:56 pm to 5:56 pm (1.00 hours)'],
    [
      { startTime: '23:00', endTime: '01:30' },
      'Repeats daily from 11:00 pm to 1:30 am the next day (2.50 hours)',
    ],
    [
      { startTime: '22:00', endTime: '00:00' },
      'Repeats daily from 10:00 pm to 12:00 am the next day (2.00 hours)',
    ],
    [
      { startTime: '00:00', endTime: '12:00' },
      'Repeats daily from 12:00 am to 12:00 pm (12.00 hours)',
    ],
    [
      { startTime: '12:05', endTime: '12:25' },
      'Repeats daily from 12:05 pm to 12:25 pm (0.33 hours)',
    ],
    [
      { startTime: '09:00', endTime: null, durationMinutes: 1440 },
      'Repeats daily from 9:00 am to 9:00 am the next day (24.00 hours)',
    ],
    [
      {
        repeat: 'WEEKLY',
        weekdays: ['MONDAY'],
        startTime: '09:00',
        endTime: null,
        durationMinutes: 2880,
      },
      'Repeats every Monday from 9:00 am to 9:00 am 2 days later (48.00 hours)',
    ],
    [
      { endDate: '2025-12-31' },
      'Repeats daily from 4:56 pm to 5:56 pm (1.00 hours) until 2025-12-31',
    ],
  ])('describes %j', (overrides, line) => {
    expect(describeSchedule(parseSchedule({ ...defaults, ...overrides }, 'America/New_York'))).toBe(
      line,
    );
  });
});

describe(formatClock.name, () => {
  it.each([
    [0, '12:00 am'],
    [59, '12:59 am'],
    [60, '1:00 am'],
    [720, '12:00 pm'],
    [1016, '4:56 pm'],
    [1439, '11:59 pm'],
  ])('writes minute %i as %s', (minute, text) => {
    expect(formatClock(minute)).toBe(text);
  });
});

describe(weekdayName.name, () => {
  it('writes a weekday as people write it', () => {
    expect(weekdayName('WEDNESDAY')).toBe('Wednesday');
  });
});
