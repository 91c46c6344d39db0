import { ValidationError } from '../../errors.js';
import {
  formatTime,
  minutesPerDay,
  parseDate,
  parseTime,
  weekdays,
  type Weekday,
} from './calendar.js';
import { resolveTimeZone } from './time-zone.js';

/** How a schedule repeats. */
export const repeats = ['DAILY', 'WEEKLY', 'MONTHLY'] as const;

export type Repeat = (typeof repeats)[number];

/** The largest `every` a schedule accepts (every 100 days, weeks or months). */
export const maxEvery = 100;

/**
 * A schedule as an API client sends it. Dates and times are wall-clock values in the
 * rule's time zone.
 */
export interface ScheduleInput {
  repeat: Repeat;
  /** Every how many days, weeks or months a window opens. @default 1 */
  every?: number | null;
  /** WEEKLY only: the weekdays a window starts on; at least one. */
  weekdays?: readonly Weekday[] | null;
  /** MONTHLY only: the day of the month a window starts on, 1 to 31. */
  dayOfMonth?: number | null;
  /** 'YYYY-MM-DD': the first day a window may start; it also anchors `every`. */
  startDate: string;
  /** 'YYYY-MM-DD': the last day a window may start (inclusive); none means forever. */
  endDate?: string | null;
  /** 'HH:MM', 24-hour clock. */
  startTime: string;
  /** 'HH:MM'; earlier than `startTime` means the next day. Give this or `durationMinutes`. */
  endTime?: string | null;
  /** Wall-clock length of a window in minutes. Give this or `endTime`. */
  durationMinutes?: number | null;
}

/** A validated, normalised schedule. Frozen: compare and cache it by identity. */
export interface Schedule {
  readonly repeat: Repeat;
  readonly every: number;
  /** WEEKLY: Monday first, each once; empty otherwise. */
  readonly weekdays: readonly Weekday[];
  /** MONTHLY: 1 to 31 (a month without that day uses its last day); null otherwise. */
  readonly dayOfMonth: number | null;
  readonly startDate: string;
  readonly endDate: string | null;
  readonly startTime: string;
  /** Derived from `durationMinutes` when only that was given. */
  readonly endTime: string;
  /** Wall-clock length; the real length differs by the shift when a window spans one. */
  readonly durationMinutes: number;
  readonly timeZone: string;
}

/**
 * Validates a schedule received from the API and normalises it.
 *
 * @throws ValidationError naming the field ('schedule.startTime', 'timeZone', ...).
 */
export function parseSchedule(input: unknown, timeZone: string): Schedule {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ValidationError('schedule', 'must be an object');
  }
  const fields = input as Record<string, unknown>;

  const zone = typeof timeZone === 'string' ? resolveTimeZone(timeZone.trim()) : null;
  if (zone === null) {
    throw new ValidationError('timeZone', 'must be an IANA time zone such as Europe/Berlin');
  }

  const repeat = fields.repeat;
  if (!repeats.includes(repeat as Repeat)) {
    throw field('repeat', 'must be DAILY, WEEKLY or MONTHLY');
  }

  const every = fields.every ?? 1;
  if (!isIntegerIn(every, 1, maxEvery)) {
    throw field('every', `must be a whole number from 1 to ${maxEvery}`);
  }

  const startDay = readDate(fields, 'startDate');
  const endDay = fields.endDate == null ? null : readDate(fields, 'endDate');
  if (endDay !== null && endDay < startDay) {
    throw field('endDate', 'must not be before startDate');
  }

  const startMinute = readTime(fields, 'startTime');
  const durationMinutes = readDuration(fields, startMinute);
  const selected = readWeekdays(fields, repeat as Repeat);
  const dayOfMonth = readDayOfMonth(fields, repeat as Repeat);

  const longest = longestWindow(repeat as Repeat, every, selected);
  if (durationMinutes > longest) {
    // Only durationMinutes can get here: an endTime makes a window shorter than a day.
    throw field(
      'durationMinutes',
      `must be at most ${longest}, the shortest time between two window starts, so that ` +
        'windows do not overlap',
    );
  }

  const schedule: Schedule = {
    repeat: repeat as Repeat,
    every,
    weekdays: Object.freeze(selected),
    dayOfMonth,
    startDate: fields.startDate as string,
    endDate: endDay === null ? null : (fields.endDate as string),
    startTime: formatTime(startMinute),
    endTime: formatTime((startMinute + durationMinutes) % minutesPerDay),
    durationMinutes,
    timeZone: zone,
  };
  return Object.freeze(schedule);
}

function readDate(fields: Record<string, unknown>, name: string): number {
  return readWith(fields, name, parseDate, 'must be a date YYYY-MM-DD between 1970 and 9999');
}

function readTime(fields: Record<string, unknown>, name: string): number {
  return readWith(fields, name, parseTime, 'must be a time HH:MM from 00:00 to 23:59');
}

function readWith(
  fields: Record<string, unknown>,
  name: string,
  parse: (text: string) => number | null,
  message: string,
): number {
  const value = fields[name];
  const parsed = typeof value === 'string' ? parse(value) : null;
  if (parsed === null) throw field(name, message);
  return parsed;
}

function readDuration(fields: Record<string, unknown>, startMinute: number): number {
  const hasEndTime = fields.endTime != null;
  const hasDuration = fields.durationMinutes != null;
  if (!hasEndTime && !hasDuration) {
    throw field('endTime', 'give endTime or durationMinutes');
  }

  const duration = fields.durationMinutes;
  if (hasDuration && !isIntegerIn(duration, 1, Number.MAX_SAFE_INTEGER)) {
    throw field('durationMinutes', 'must be a whole number of minutes, at least 1');
  }
  if (!hasEndTime) return duration as number;

  const endMinute = readTime(fields, 'endTime');
  if (hasDuration) {
    // Both given (a schedule read back from the API): they must agree.
    if ((startMinute + (duration as number)) % minutesPerDay !== endMinute) {
      throw field('durationMinutes', `does not end at endTime ${formatTime(endMinute)}`);
    }
    return duration as number;
  }
  if (endMinute === startMinute) {
    throw field('endTime', 'must differ from startTime; for a 24-hour window give durationMinutes');
  }

  return (endMinute - startMinute + minutesPerDay) % minutesPerDay;
}

function readWeekdays(fields: Record<string, unknown>, repeat: Repeat): Weekday[] {
  const value = fields.weekdays ?? [];
  if (!Array.isArray(value) || value.some((day) => !weekdays.includes(day as Weekday))) {
    throw field('weekdays', `must be a list of ${weekdays.join(', ')}`);
  }
  if (repeat !== 'WEEKLY') {
    if (value.length > 0) throw field('weekdays', 'only a WEEKLY schedule takes weekdays');
    return [];
  }
  if (value.length === 0) {
    throw field('weekdays', 'choose at least one weekday');
  }

  return weekdays.filter((day) => value.includes(day));
}

function readDayOfMonth(fields: Record<string, unknown>, repeat: Repeat): number | null {
  const value = fields.dayOfMonth;
  if (repeat !== 'MONTHLY') {
    if (value != null) throw field('dayOfMonth', 'only a MONTHLY schedule takes dayOfMonth');
    return null;
  }
  if (!isIntegerIn(value, 1, 31)) {
    throw field('dayOfMonth', 'must be a day of the month from 1 to 31');
  }
  return value;
}

/** The shortest wall-clock time between two window starts, in minutes. */
function longestWindow(repeat: Repeat, every: number, selected: readonly Weekday[]): number {
  switch (repeat) {
    case 'DAILY':
      return every * minutesPerDay;
    case 'WEEKLY': {
      const indexes = selected.map((day) => weekdays.indexOf(day));
      // From the last weekday of an active week to the first one of the next.
      let shortest = 7 * every - (indexes[indexes.length - 1]! - indexes[0]!);
      for (let i = 1; i < indexes.length; i++) {
        shortest = Math.min(shortest, indexes[i]! - indexes[i - 1]!);
      }
      return shortest * minutesPerDay;
    }
    case 'MONTHLY':
      // Consecutive window starts are at least 28 days apart per month (1 Feb to 1 Mar).
      return 28 * every * minutesPerDay;
  }
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

function field(name: string, message: string): ValidationError {
  return new ValidationError(`schedule.${name}`, message);
}
