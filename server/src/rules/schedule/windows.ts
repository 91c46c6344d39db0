import {
  dayInMonth,
  minutesPerDay,
  monthOf,
  msPerDay,
  msPerMinute,
  parseDate,
  parseTime,
  weekdayIndex,
  weekdays,
} from './calendar.js';
import type { Repeat, Schedule } from './schedule.js';
import { toInstant, toWallClock } from './time-zone.js';

/** A window of a schedule: epoch ms (UTC), start inclusive, end exclusive. Frozen. */
export interface Window {
  start: number;
  end: number;
}

/** A schedule in numbers: day numbers and minutes, as the arithmetic needs them. */
interface Plan {
  repeat: Repeat;
  every: number;
  timeZone: string;
  startDay: number;
  /** The last day a window may start. */
  endDay: number;
  startMinute: number;
  durationMinutes: number;
  /** How many days past its start date a window's wall-clock end may fall. */
  spanDays: number;
  /** WEEKLY: weekday indexes, Monday (0) first. */
  weekdays: number[];
  /** WEEKLY: the Monday of the week holding the start date; the weeks count from it. */
  firstMonday: number;
  /** MONTHLY: the month holding the start date; the months count from it. */
  firstMonth: number;
  dayOfMonth: number;
}

/** What windowContaining answered last: `window` for every time in [from, to). */
interface Answer {
  from: number;
  to: number;
  window: Window | null;
}

// Windows start on 9999-12-31 at the latest, the last date a schedule may name.
const lastDay = parseDate('9999-12-31')!;
const lastInstant = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const plans = new WeakMap<Schedule, Plan>();
const answers = new WeakMap<Schedule, Answer>();

/** Every window overlapping [from, to), in order. */
export function windowsBetween(schedule: Schedule, from: number, to: number): Window[] {
  assertTime(from, 'from');
  assertTime(to, 'to');
  const plan = planOf(schedule);
  const found: Window[] = [];
  if (!(from < to)) return found;

  for (const window of windowsFrom(plan, from)) {
    if (window.start >= to) break;
    if (window.end > from) found.push(window);
  }
  return found;
}

/** The next `count` windows that end after `after` (the open one included), in order. */
export function nextWindows(schedule: Schedule, after: number, count: number): Window[] {
  assertTime(after, 'after');
  const plan = planOf(schedule);
  const found: Window[] = [];
  if (count <= 0) return found;

  for (const window of windowsFrom(plan, after)) {
    if (window.end <= after) continue;
    found.push(window);
    if (found.length === count) break;
  }
  return found;
}

/**
 * The window holding an instant, or null between windows.
 *
 * @remarks Remembers its last answer and the span it holds for (the window, or the gap
 * between two windows), so calls with nearby times, as events arrive, cost a comparison.
 */
export function windowContaining(schedule: Schedule, time: number): Window | null {
  assertTime(time, 'time');
  const remembered = answers.get(schedule);
  if (remembered && time >= remembered.from && time < remembered.to) {
    return remembered.window;
  }

  const answer = findContaining(planOf(schedule), time);
  answers.set(schedule, answer);
  return answer.window;
}

function findContaining(plan: Plan, time: number): Answer {
  let previousEnd = time;
  for (const window of windowsFrom(plan, time)) {
    if (window.start > time) return { from: previousEnd, to: window.start, window: null };
    if (time < window.end) return { from: window.start, to: window.end, window };
    previousEnd = window.end;
  }
  return { from: previousEnd, to: Infinity, window: null };
}

/**
 * The windows in order, from the first one that may end after `time` (a few earlier ones
 * may come first); empty windows, wholly inside skipped wall-clock time, are left out.
 */
function* windowsFrom(plan: Plan, time: number): Generator<Window> {
  // Offsets span 26 hours at most: the windows of days before `firstDay` end before `time`.
  const firstDay = Math.floor(toWallClock(plan.timeZone, time) / msPerDay) - plan.spanDays - 1;

  for (let day = nextStartDay(plan, firstDay); day !== null; day = nextStartDay(plan, day + 1)) {
    const wallStart = (day * minutesPerDay + plan.startMinute) * msPerMinute;
    const start = toInstant(plan.timeZone, wallStart);
    const end = toInstant(plan.timeZone, wallStart + plan.durationMinutes * msPerMinute);
    // Times end with the year 9999: a window that would close later is never opened.
    if (end > lastInstant) return;
    // Frozen: windowContaining hands the same object out again.
    if (start < end) yield Object.freeze({ start, end });
  }
}

/** The first day on or after `day` on which a window starts; null past the end date. */
function nextStartDay(plan: Plan, day: number): number | null {
  const from = Math.max(day, plan.startDay);
  let next: number;
  switch (plan.repeat) {
    case 'DAILY':
      next = plan.startDay + Math.ceil((from - plan.startDay) / plan.every) * plan.every;
      break;
    case 'WEEKLY':
      next = nextWeeklyDay(plan, from);
      break;
    case 'MONTHLY':
      next = nextMonthlyDay(plan, from);
      break;
  }
  return next > plan.endDay ? null : next;
}

function nextWeeklyDay(plan: Plan, from: number): number {
  let week = Math.floor((from - plan.firstMonday) / 7);
  let weekday = from - (plan.firstMonday + week * 7);

  for (;;) {
    const skip = week % plan.every;
    if (skip === 0) {
      const found = plan.weekdays.find((index) => index >= weekday);
      if (found !== undefined) return plan.firstMonday + week * 7 + found;
    }
    week += plan.every - skip;
    weekday = 0;
  }
}

function nextMonthlyDay(plan: Plan, from: number): number {
  let month = monthOf(from);
  const skip = (month - plan.firstMonth) % plan.every;
  if (skip !== 0) month += plan.every - skip;

  for (;;) {
    const day = dayInMonth(month, plan.dayOfMonth);
    if (day >= from) return day;
    month += plan.every;
  }
}

function planOf(schedule: Schedule): Plan {
  let plan = plans.get(schedule);
  if (plan) return plan;

  // parseSchedule has validated every field.
  const startDay = parseDate(schedule.startDate)!;
  const startMinute = parseTime(schedule.startTime)!;
  plan = {
    repeat: schedule.repeat,
    every: schedule.every,
    timeZone: schedule.timeZone,
    startDay,
    endDay: schedule.endDate === null ? lastDay : parseDate(schedule.endDate)!,
    startMinute,
    durationMinutes: schedule.durationMinutes,
    spanDays: Math.ceil((startMinute + schedule.durationMinutes) / minutesPerDay),
    weekdays: schedule.weekdays.map((day) => weekdays.indexOf(day)),
    firstMonday: startDay - weekdayIndex(startDay),
    firstMonth: monthOf(startDay),
    dayOfMonth: schedule.dayOfMonth ?? 1,
  };
  plans.set(schedule, plan);
  return plan;
}

function assertTime(value: number, name: string): void {
  if (!Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite epoch time in ms; got ${value}`);
  }
}
