import { describe, expect, it } from 'vitest';

import { ValidationError } from '../../errors.js';
import { parseSchedule, type ScheduleInput } from './schedule.js';

const defaults: ScheduleInput = {
  repeat: 'DAILY',
  startDate: '2025-01-06',
  startTime: '16:56',
  endTime: '17:56',
};
const input = (overrides: Partial<ScheduleInput> = {}) => ({ ...defaults, ...overrides });

function failureOf(value: unknown, timeZone = 'UTC'): { field: unknown; message: string } {
  try {
    parseSchedule(value, timeZone);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { field: error.details.field, message: error.message };
  }
  throw new Error('parseSchedule accepted the input');
}

describe(parseSchedule.name, () => {
  it('normalises a daily schedule given with an end time', () => {
    const sut = parseSchedule(input(), 'Europe/Berlin');

    expect(sut).toEqual({
      repeat: 'DAILY',
      every: 1,
      weekdays: [],
      dayOfMonth: null,
      startDate: '2025-01-06',
      endDate: null,
      startTime: '16:56',
      endTime: '17:56',
      durationMinutes: 60,
      timeZone: 'Europe/Berlin',
    });
    expect(Object.isFrozen(sut)).toBe(true);
  });

  it('derives the end time from a duration, on a later day when it runs past midnight', () => {
    const sut = parseSchedule(input({ every: 2, endTime: null, durationMinutes: 1500 }), 'UTC');

    expect(sut.endTime).toBe('17:56');
    expect(sut.durationMinutes).toBe(1500);
  });

  it('reads an end time earlier than the start time as the next day', () => {
    const sut = parseSchedule(input({ startTime: '23:30', endTime: '00:15' }), 'UTC');

    expect(sut.durationMinutes).toBe(45);
  });

  it('sorts weekdays Monday first and keeps each once', () => {
    const sut = parseSchedule(
      input({ repeat: 'WEEKLY', weekdays: ['SUNDAY', 'WEDNESDAY', 'MONDAY', 'WEDNESDAY'] }),
      'UTC',
    );

    expect(sut.weekdays).toEqual(['MONDAY', 'WEDNESDAY', 'SUNDAY']);
  });

  it('accepts a schedule it returned, end time and duration together', () => {
    const first = parseSchedule(input({ endTime: null, durationMinutes: 1440 }), 'UTC');

    expect(parseSchedule(first, first.timeZone)).toEqual(first);
  });

  it('treats null and empty optional fields as absent', () => {
    const sut = parseSchedule(
      input({ every: null, weekdays: [], dayOfMonth: null, endDate: null, durationMinutes: null }),
      'UTC',
    );

    expect(sut.every).toBe(1);
    expect(sut.durationMinutes).toBe(60);
  });

  it('writes the zone name with the platform capitalisation', () => {
    expect(parseSchedule(input(), 'america/new_york').timeZone).toBe('America/New_York');
    expect(parseSchedule(input(), ' Asia/Kolkata ').timeZone).toBe('Asia/Kolkata');
  });

  it.each<[string, unknown, string, string]>([
    ['a non-object', 'daily', 'schedule', 'schedule: must be an object'],
    [
      'an unknown repeat',
      input({ repeat: 'YEARLY' as never }),
      'schedule.repeat',
      'schedule.repeat: must be DAILY, WEEKLY or MONTHLY',
    ],
    [
      'every 0',
      input({ every: 0 }),
      'schedule.every',
      'schedule.every: must be a whole number from 1 to 100',
    ],
    [
      'every 1.5',
      input({ every: 1.5 }),
      'schedule.every',
      'schedule.every: must be a whole number from 1 to 100',
    ],
    [
      'every 101',
      input({ every: 101 }),
      'schedule.every',
      'schedule.every: must be a whole number from 1 to 100',
    ],
    [
      'a missing start date',
      input({ startDate: undefined as never }),
      'schedule.startDate',
      'schedule.startDate: must be a date YYYY-MM-DD between 1970 and 9999',
    ],
    [
      '29 February of a common year',
      input({ startDate: '2025-02-29' }),
      'schedule.startDate',
      'schedule.startDate: must be a date YYYY-MM-DD between 1970 and 9999',
    ],
    [
      'an end date before the start date',
      input({ endDate: '2025-01-05' }),
      'schedule.endDate',
      'schedule.endDate: must not be before startDate',
    ],
    [
      'an end date that is no date',
      input({ endDate: '2025-04-31' }),
      'schedule.endDate',
      'schedule.endDate: must be a date YYYY-MM-DD between 1970 and 9999',
    ],
    [
      'a start time of 24:00',
      input({ startTime: '24:00' }),
      'schedule.startTime',
      'schedule.startTime: must be a time HH:MM from 00:00 to 23:59',
    ],
    [
      'a 12-hour start time',
      input({ startTime: '4:56 pm' }),
      'schedule.startTime',
      'schedule.startTime: must be a time HH:MM from 00:00 to 23:59',
    ],
    [
      'a bad end time',
      input({ endTime: '17:5' }),
      'schedule.endTime',
      'schedule.endTime: must be a time HH:MM from 00:00 to 23:59',
    ],
    [
      'neither end time nor duration',
      input({ endTime: null }),
      'schedule.endTime',
      'schedule.endTime: give endTime or durationMinutes',
    ],
    [
      'an end time equal to the start time',
      input({ endTime: '16:56' }),
      'schedule.endTime',
      'schedule.endTime: must differ from startTime; for a 24-hour window give durationMinutes',
    ],
    [
      'a duration of 0',
      input({ endTime: null, durationMinutes: 0 }),
      'schedule.durationMinutes',
      'schedule.durationMinutes: must be a whole number of minutes, at least 1',
    ],
    [
      'a duration in fractions',
      input({ endTime: null, durationMinutes: 30.5 }),
      'schedule.durationMinutes',
      'schedule.durationMinutes: must be a whole number of minutes, at least 1',
    ],
    [
      'a duration that disagrees with the end time',
      input({ durationMinutes: 90 }),
      'schedule.durationMinutes',
      'schedule.durationMinutes: does not end at endTime 17:56',
    ],
    [
      'a daily window longer than a day',
      input({ endTime: null, durationMinutes: 1441 }),
      'schedule.durationMinutes',
      'schedule.durationMinutes: must be at most 1440, the shortest time between two window starts, so that windows do not overlap',
    ],
    [
      'a window every 2 days longer than 2 days',
      input({ every: 2, endTime: null, durationMinutes: 2881 }),
      'schedule.durationMinutes',
      'schedule.durationMinutes: must be at most 2880, the shortest time between two window starts, so that windows do not overlap',
    ],
    [
      'a Monday and Wednesday window longer than 2 days',
      input({
        repeat: 'WEEKLY',
        weekdays: ['MONDAY', 'WEDNESDAY'],
        endTime: null,
        durationMinutes: 2881,
      }),
      'schedule.durationMinutes',
      'schedule.durationMinutes: must be at most 2880, the shortest time between two window starts, so that windows do not overlap',
    ],
    [
      'a Monday and Sunday window longer than a day',
      input({
        repeat: 'WEEKLY',
        weekdays: ['MONDAY', 'SUNDAY'],
        endTime: null,
        durationMinutes: 1441,
      }),
      'schedule.durationMinutes',
      'schedule.durationMinutes: must be at most 1440, the shortest time between two window starts, so that windows do not overlap',
    ],
    [
      'a window every 2 weeks on Sunday longer than 2 weeks',
      input({
        repeat: 'WEEKLY',
        every: 2,
        weekdays: ['SUNDAY'],
        endTime: null,
        durationMinutes: 20161,
      }),
      'schedule.durationMinutes',
      'schedule.durationMinutes: must be at most 20160, the shortest time between two window starts, so that windows do not overlap',
    ],
    [
      'a monthly window longer than 28 days',
      input({ repeat: 'MONTHLY', dayOfMonth: 31, endTime: null, durationMinutes: 40321 }),
      'schedule.durationMinutes',
      'schedule.durationMinutes: must be at most 40320, the shortest time between two window starts, so that windows do not overlap',
    ],
    [
      'weekly without weekdays',
      input({ repeat: 'WEEKLY', weekdays: [] }),
      'schedule.weekdays',
      'schedule.weekdays: choose at least one weekday',
    ],
    [
      'weekly with weekdays absent',
      input({ repeat: 'WEEKLY' }),
      'schedule.weekdays',
      'schedule.weekdays: choose at least one weekday',
    ],
    [
      'an unknown weekday',
      input({ repeat: 'WEEKLY', weekdays: ['Monday' as never] }),
      'schedule.weekdays',
      'schedule.weekdays: must be a list of MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY',
    ],
    [
      'weekdays on a daily schedule',
      input({ weekdays: ['MONDAY'] }),
      'schedule.weekdays',
      'schedule.weekdays: only a WEEKLY schedule takes weekdays',
    ],
    [
      'monthly without a day of the month',
      input({ repeat: 'MONTHLY' }),
      'schedule.dayOfMonth',
      'schedule.dayOfMonth: must be a day of the month from 1 to 31',
    ],
    [
      'day 32',
      input({ repeat: 'MONTHLY', dayOfMonth: 32 }),
      'schedule.dayOfMonth',
      'schedule.dayOfMonth: must be a day of the month from 1 to 31',
    ],
    [
      'a day of the month on a weekly schedule',
      input({ repeat: 'WEEKLY', weekdays: ['MONDAY'], dayOfMonth: 3 }),
      'schedule.dayOfMonth',
      'schedule.dayOfMonth: only a MONTHLY schedule takes dayOfMonth',
    ],
  ])('rejects %s', (_case, value, field, message) => {
    expect(failureOf(value)).toEqual({ field, message });
  });

  it.each(['Mars/Olympus_Mons', '+05:30', '', 'EST 5'])('rejects the time zone %j', (zone) => {
    expect(failureOf(input(), zone)).toEqual({
      field: 'timeZone',
      message: 'timeZone: must be an IANA time zone such as Europe/Berlin',
    });
  });

  it('accepts a window as long as the shortest time between two window starts', () => {
    const weekly = input({ repeat: 'WEEKLY', weekdays: ['MONDAY', 'WEDNESDAY'] });

    expect(parseSchedule({ ...weekly, endTime: null, durationMinutes: 2880 }, 'UTC').endTime).toBe(
      '16:56',
    );
    expect(
      parseSchedule(
        input({
          repeat: 'MONTHLY',
          dayOfMonth: 1,
          every: 2,
          endTime: null,
          durationMinutes: 80640,
        }),
        'UTC',
      ).durationMinutes,
    ).toBe(80640);
  });
});
