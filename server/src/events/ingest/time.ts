import { describeSent } from './values.js';

/** The earliest event time accepted: 1970-01-01T00:00:00.000Z. */
export const earliestEventTime = 0;
/** The latest event time accepted: 9999-12-31T23:59:59.999Z, the last a 4-digit year holds. */
export const latestEventTime = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const rangeText = '(1970-01-01 to 9999-12-31)';

// Date and time, optional seconds and fraction, optional zone. A space may stand in for
// the `T` (Sysmon writes `2021-06-12 01:07:15.633`) and the zone may be `Z`, `+00:00`,
// `+0000` or `+00`.
const timePattern =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
// Milliseconds since the epoch sent as a string, as the native shape allows for numbers.
const millisPattern = /^-?\d+(?:\.\d+)?$/;

/**
 * The time of an event in milliseconds since the epoch, or what is wrong with `value` (for a
 * reason that names the field first: `is not a time: "..."`, `is out of range ...`).
 *
 * @remarks Times before 1970 or after year 9999 are refused: the evaluator, the stores and
 * the API's DateTime all need an event time to be a valid date.
 */
export function checkTime(value: unknown): number | string {
  const time = parseTime(value);
  const sent = describeSent(value);
  if (time === null) return `is not a time: ${sent}`;
  if (!Number.isInteger(time)) return `is not a whole number of milliseconds: ${sent}`;
  if (time < earliestEventTime || time > latestEventTime) {
    return `is out of range ${rangeText}: ${sent}`;
  }
  return time;
}

/**
 * Milliseconds since the epoch from a timestamp in any of the forms the supported formats
 * use, or null when it cannot be read. A time without a zone is UTC (Sysmon's `UtcTime`).
 * Digits past milliseconds are dropped. A number, or a string of digits, is taken as
 * milliseconds since the epoch, as sent: it may have a fraction or be out of any range.
 */
export function parseTime(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;

  const trimmed = value.trim();
  if (millisPattern.test(trimmed)) return Number(trimmed);
  const match = timePattern.exec(trimmed);
  if (!match) return null;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone = 'Z'] = match;

  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number);
  if (mo! < 1 || mo! > 12 || d! < 1 || h! > 23 || mi! > 59 || s! > 59) return null;

  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  // Date.UTC reads years 0 to 99 as 1900 to 1999; setUTCFullYear takes the year as given.
  const date = new Date(Date.UTC(2000, mo! - 1, d, h, mi, s, millis));
  const local = date.setUTCFullYear(y!);
  // A day past the month's end rolls over into the next month: it is an error.
  if (date.getUTCDate() !== d) return null;

  const offset = zoneOffsetMinutes(zone);
  if (offset === null) return null;
  return local - offset * 60_000;
}

function zoneOffsetMinutes(zone: string): number | null {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return null;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}
