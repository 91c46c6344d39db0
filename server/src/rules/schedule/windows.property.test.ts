import { describe, expect, it } from 'vitest';

import { ValidationError } from '../../errors.js';
import { createRandom } from '../../random.js';
import { weekdays as weekdayNames } from './calendar.js';
import { parseSchedule, type ScheduleInput } from './schedule.js';
import { nextWindows, windowContaining, windowsBetween, type Window } from './windows.js';

/*
 * Random schedules checked against an oracle that shares no code with the module: it reads
 * clocks through its own Intl formatter, finds instants by trying each offset the zone uses
 * (or by scanning minute by minute across a skipped span) and lists window dates day by day.
 */

const minute = 60_000;
const day = 86_400_000;
const schedulesPerZone = 30;

/** Each zone with the UTC offsets (minutes) it uses in the years tested. */
const zones: [string, number[]][] = [
  ['UTC', [0]],
  ['America/New_York', [-300, -240]],
  ['Europe/Berlin', [60, 120]],
  ['Australia/Lord_Howe', [630, 660]],
  ['Asia/Kolkata', [330]],
];

const startTimes = ['00:00', '00:30', '01:00', '01:30', '01:45', '02:00', '02:15', '02:30'];
const moreStartTimes = ['02:59', '03:00', '03:30', '12:00', '16:56', '23:00', '23:59'];
const durations = [1, 15, 30, 45, 60, 90, 120, 180, 600, 1439, 1440, 2880, 10080, 40320];

describe.each(zones)('windows in %s, checked against the oracle', (timeZone, offsets) => {
  const oracle = createOracle(timeZone, offsets);
  const random = createRandom(timeZone.length * 7919);
  const cases = Array.from({ length: schedulesPerZone }, () => randomCase(random, timeZone));

  it('lists exactly the windows the oracle finds for random schedules, in order, apart', () => {
    for (const { input, schedule, from, to } of cases) {
      const sut = windowsBetween(schedule, from, to);

      expect(sut, JSON.stringify(input)).toEqual(oracle.windows(input, from, to));
      for (let i = 1; i < sut.length; i++) {
        expect(sut[i - 1]!.end, JSON.stringify(input)).toBeLessThanOrEqual(sut[i]!.start);
      }
      expect(sut.every((window) => window.start < window.end)).toBe(true);
    }
  });

  it('starts and ends each window at its wall-clock time unless the clocks jump over it', () => {
    for (const { input, schedule, from, to } of cases) {
      const [hours, minutes] = input.startTime.split(':').map(Number) as [number, number];
      const startOfDay = (hours * 60 + minutes) * minute;
      const endOfDay = (startOfDay + schedule.durationMinutes * minute) % day;

      for (const window of windowsBetween(schedule, from, to)) {
        const isStartExact = mod(oracle.reading(window.start), day) === startOfDay;
        const isEndExact = mod(oracle.reading(window.end), day) === endOfDay;

        expect(isStartExact || oracle.isJump(window.start), JSON.stringify(input)).toBe(true);
        expect(isEndExact || oracle.isJump(window.end), JSON.stringify(input)).toBe(true);
        if (isStartExact && isEndExact) {
          // Longer by the hour the clocks go back, shorter by the hour they skip.
          const shift = oracle.offset(window.start) - oracle.offset(window.end);
          expect(window.end - window.start).toBe(schedule.durationMinutes * minute + shift);
        }
      }
    }
  });

  it('finds the same window for a time as windowsBetween, in time order or shuffled', () => {
    for (const { input, schedule, from, to } of cases) {
      const windows = windowsBetween(schedule, from, to);
      const times = [
        ...probeTimes(windows).filter((time) => time >= from && time < to),
        ...Array.from({ length: 20 }, () => between(random, from, to)),
      ];
      const fresh = parseSchedule(input, timeZone);
      const expected = (time: number) =>
        windows.find((window) => window.start <= time && time < window.end) ?? null;

      // In time order, as events reach the evaluator, most answers come from the last one.
      for (const time of [...times].sort((a, b) => a - b)) {
        expect(windowContaining(schedule, time), `${JSON.stringify(input)} at ${time}`).toEqual(
          expected(time),
        );
      }
      for (const time of shuffle(random, times)) {
        expect(windowContaining(fresh, time), `${JSON.stringify(input)} at ${time}`).toEqual(
          expected(time),
        );
      }
    }
  });

  it.skipIf(offsets.length === 1)(
    'matches the oracle around every clock change from 2019 to 2028',
    () => {
      const changes = oracle.changesBetween(Date.UTC(2019, 0, 1), Date.UTC(2029, 0, 1));

      for (const start of [0, 60, 90, 120, 135, 150, 180, 210]) {
        for (const durationMinutes of [15, 30, 60, 90, 180, 1440]) {
          const startTime = `${pad(Math.floor(start / 60))}:${pad(start % 60)}`;
          const input: ScheduleInput = {
            repeat: 'DAILY',
            startDate: '2019-01-01',
            startTime,
            durationMinutes,
          };
          const schedule = parseSchedule(input, timeZone);

          for (const change of changes) {
            const [from, to] = [change - 2 * day, change + 2 * day];
            const sut = windowsBetween(schedule, from, to);

            expect(sut, `${startTime} ${durationMinutes}`).toEqual(oracle.windows(input, from, to));
            for (const time of probeTimes(sut).filter((t) => t >= from && t < to)) {
              const expected = sut.find((window) => window.start <= time && time < window.end);
              expect(windowContaining(schedule, time)).toEqual(expected ?? null);
            }
            // Four days of a daily schedule: a window a day, but for one wholly skipped.
            expect(sut.length).toBeGreaterThanOrEqual(3);
          }
        }
      }
      expect(changes).toHaveLength(20);
    },
  );

  it('lists the next windows that end after a time', () => {
    for (const { input, schedule, from, to } of cases) {
      const windows = windowsBetween(schedule, from, to);

      for (let i = 0; i < 5; i++) {
        const time = between(random, from, to);
        const expected = windows.filter((window) => window.end > time).slice(0, 5);
        const sut = nextWindows(schedule, time, 5);

        expect(sut.slice(0, expected.length), JSON.stringify(input)).toEqual(expected);
        expect(sut.slice(expected.length).every((window) => window.start >= to)).toBe(true);
        if (input.endDate == null) expect(sut).toHaveLength(5);
      }
    }
  });
});

interface Case {
  input: ScheduleInput;
  schedule: ReturnType<typeof parseSchedule>;
  from: number;
  to: number;
}

function randomCase(random: () => number, timeZone: string): Case {
  const repeat = pick(random, ['DAILY', 'WEEKLY', 'MONTHLY'] as const);
  const startDay = Date.UTC(2019, 0, 1) / day + Math.floor(random() * 8 * 365);
  const weekdays = weekdayNames.filter(() => random() < 0.4);
  const input: ScheduleInput = {
    repeat,
    every: 1 + Math.floor(random() * (repeat === 'MONTHLY' ? 4 : 3)),
    weekdays: repeat === 'WEEKLY' ? (weekdays.length ? weekdays : ['SUNDAY']) : null,
    dayOfMonth:
      repeat === 'MONTHLY'
        ? pick(random, [1, 15, 28, 29, 30, 31, 1 + Math.floor(random() * 31)])
        : null,
    startDate: isoDate(startDay),
    endDate: random() < 0.3 ? isoDate(startDay + Math.floor(random() * 900)) : null,
    startTime: pick(random, random() < 0.7 ? startTimes : moreStartTimes),
    durationMinutes: pick(random, durations),
  };

  let schedule: ReturnType<typeof parseSchedule>;
  try {
    schedule = parseSchedule(input, timeZone);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // Longer than this schedule allows: every schedule allows a day.
    input.durationMinutes = 1440;
    schedule = parseSchedule(input, timeZone);
  }

  const from = startDay * day + Math.floor((random() * 800 - 60) * day);
  const to = from + Math.floor((60 + random() * 600) * day);
  return { input, schedule, from, to };
}

function createOracle(timeZone: string, offsets: number[]) {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

  const instants = new Map<number, number>();

  /** The wall clock at an instant, as ms read as if UTC. */
  function reading(instant: number): number {
    const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
    const whole = Date.UTC(
      +parts.year!,
      +parts.month! - 1,
      +parts.day!,
      +parts.hour!,
      +parts.minute!,
      +parts.second!,
    );
    return whole + mod(instant, 1000);
  }

  /** The instant a wall-clock time names: its first occurrence, or where the clocks jump over it. */
  function instantOf(wall: number): number {
    let instant = instants.get(wall);
    if (instant !== undefined) return instant;

    const exact = offsets
      .map((offset) => wall - offset * minute)
      .filter((u) => reading(u) === wall);
    instant = exact.length > 0 ? Math.min(...exact) : jumpOver(wall);
    instants.set(wall, instant);
    return instant;
  }

  function jumpOver(wall: number): number {
    for (let u = wall - Math.max(...offsets) * minute; ; u += minute) {
      if (reading(u) > wall) return u;
    }
  }

  function isStartDate(input: ScheduleInput, date: number): boolean {
    const first = Date.parse(`${input.startDate}T00:00Z`) / day;
    const last = input.endDate ? Date.parse(`${input.endDate}T00:00Z`) / day : Infinity;
    if (date < first || date > last) return false;

    const every = input.every ?? 1;
    const value = new Date(date * day);
    const start = new Date(first * day);
    switch (input.repeat) {
      case 'DAILY':
        return (date - first) % every === 0;
      case 'WEEKLY': {
        const mondayOf = (d: number) => d - ((new Date(d * day).getUTCDay() + 6) % 7);
        const week = (mondayOf(date) - mondayOf(first)) / 7;
        const name = weekdayNames[(value.getUTCDay() + 6) % 7]!;
        return week % every === 0 && input.weekdays!.includes(name);
      }
      case 'MONTHLY': {
        const months =
          (value.getUTCFullYear() - start.getUTCFullYear()) * 12 +
          value.getUTCMonth() -
          start.getUTCMonth();
        const lastOfMonth = new Date(
          Date.UTC(value.getUTCFullYear(), value.getUTCMonth() + 1, 0),
        ).getUTCDate();
        return (
          months % every === 0 && value.getUTCDate() === Math.min(input.dayOfMonth!, lastOfMonth)
        );
      }
    }
  }

  return {
    reading,
    /** The instants, to the minute, at which the offset changes in [from, to). */
    changesBetween(from: number, to: number): number[] {
      const changes: number[] = [];
      for (let u = from; u < to; u += day) {
        if (reading(u + day) - reading(u) === day) continue;
        let low = u;
        let high = u + day;
        while (high - low > minute) {
          const middle = low + Math.floor((high - low) / 2 / minute) * minute;
          if (reading(middle) - middle === reading(low) - low) low = middle;
          else high = middle;
        }
        changes.push(high);
      }
      return changes;
    },
    offset: (instant: number) => reading(instant) - instant,
    /** Whether the clocks jump forward at this instant. */
    isJump: (instant: number) => reading(instant) - reading(instant - minute) > minute,
    windows(input: ScheduleInput, from: number, to: number): Window[] {
      const [hours, minutes] = input.startTime.split(':').map(Number) as [number, number];
      const length = input.durationMinutes! * minute;
      const found: Window[] = [];

      const firstDate = Math.floor(from / day) - Math.ceil(length / day) - 2;
      for (let date = firstDate; date <= Math.floor(to / day) + 2; date++) {
        if (!isStartDate(input, date)) continue;
        const wall = date * day + (hours * 60 + minutes) * minute;
        const window = { start: instantOf(wall), end: instantOf(wall + length) };
        if (window.start < window.end && window.end > from && window.start < to) found.push(window);
      }
      return found;
    },
  };
}

/** Start, last instant and end of each window, and the edges of the gaps between them. */
function probeTimes(windows: readonly Window[]): number[] {
  return windows.flatMap((window) => [window.start - 1, window.start, window.end - 1, window.end]);
}

function shuffle<T>(random: () => number, items: readonly T[]): T[] {
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return shuffled;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function between(random: () => number, from: number, to: number): number {
  return from + Math.floor(random() * (to - from));
}

function isoDate(date: number): string {
  return new Date(date * day).toISOString().slice(0, 10);
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function mod(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}
