/**
 * Calendar dates as day numbers (days since 1970-01-01, proleptic Gregorian) and
 * wall-clock times as minutes of the day. No time zone here: a day number names a date on
 * the wall calendar of whatever zone the caller works in.
 */

export const msPerMinute = 60_000;
export const minutesPerDay = 1440;
export const msPerDay = 86_400_000;

/** The weekdays, Monday first; a schedule's weeks also begin on Monday. */
export const weekdays = [
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
  'SUNDAY',
] as const;

export type Weekday = (typeof weekdays)[number];

/** The earliest and latest years a schedule date may name. */
export const firstYear = 1970;
export const lastYear = 9999;

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const timePattern = /^(\d{2}):(\d{2})$/;

/** Reads 'YYYY-MM-DD' as a day number; null when it is not a date between 1970 and 9999. */
export function parseDate(text: string): number | null {
  const match = datePattern.exec(text);
  if (!match) return null;

  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  if (year < firstYear || year > lastYear || month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year * 12 + month - 1)) return null;

  return Date.UTC(year, month - 1, day) / msPerDay;
}

/** Writes a day number as 'YYYY-MM-DD'. */
export function formatDate(day: number): string {
  return new Date(day * msPerDay).toISOString().slice(0, 10);
}

/** Reads 'HH:MM' (24-hour clock) as minutes of the day; null when it is not a time. */
export function parseTime(text: string): number | null {
  const match = timePattern.exec(text);
  if (!match) return null;

  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return null;

  return hours * 60 + minutes;
}

/** Writes minutes of the day as 'HH:MM'. */
export function formatTime(minuteOfDay: number): string {
  const hours = Math.floor(minuteOfDay / 60);
  return `${pad(hours)}:${pad(minuteOfDay % 60)}`;
}

/** The weekday of a day number: 0 for Monday through 6 for Sunday. */
export function weekdayIndex(day: number): number {
  // 1970-01-01 was a Thursday.
  return (((day + 3) % 7) + 7) % 7;
}

/** The month holding a day number, counted as year * 12 + (month - 1). */
export function monthOf(day: number): number {
  const date = new Date(day * msPerDay);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** How many days a month (year * 12 + (month - 1)) has. */
export function daysInMonth(month: number): number {
  const year = Math.floor(month / 12);
  return new Date(Date.UTC(year, (month % 12) + 1, 0)).getUTCDate();
}

/** The day number of a day of a month; a day the month lacks becomes its last day. */
export function dayInMonth(month: number, dayOfMonth: number): number {
  const year = Math.floor(month / 12);
  const day = Math.min(dayOfMonth, daysInMonth(month));
  return Date.UTC(year, month % 12, day) / msPerDay;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
