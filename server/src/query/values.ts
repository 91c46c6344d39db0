/** A span of time in ms since the epoch, UTC: from `lo` (inclusive) to `hi` (exclusive). */
export interface TimeSpan {
  lo: number;
  hi: number;
}

const dayMs = 86_400_000;

const integerPattern = /^[+-]?\d+$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const dateTimePattern =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/** A whole number within JavaScript's exact range, or null. */
export function parseInteger(text: string): number | null {
  if (!integerPattern.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/**
 * The span a date or datetime stands for, or null when `text` is neither:
 * - a date (`2024-09-15`) is the whole UTC day;
 * - a datetime (`2024-09-15T00:30:00.000Z`, `...+05:30`, `...+0530`, `...+05`) is one
 *   millisecond; without a zone it is read as UTC; digits past milliseconds are dropped.
 */
export function parseDateTime(text: string): TimeSpan | null {
  const date = datePattern.exec(text);
  if (date) {
    const lo = utc(date[1]!, date[2]!, date[3]!, '00', '00', '00', '');
    return lo === null ? null : { lo, hi: lo + dayMs };
  }

  const match = dateTimePattern.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction, zulu, sign, offsetH, offsetM] = match;
  const local = utc(year!, month!, day!, hour!, minute!, second ?? '00', fraction ?? '');
  if (local === null) return null;

  let offset = 0;
  if (!zulu && sign) {
    const hours = Number(offsetH);
    const minutes = Number(offsetM ?? '0');
    if (hours > 23 || minutes > 59) return null;
    offset = (sign === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
  }
  const lo = local - offset;
  return { lo, hi: lo + 1 };
}

function utc(
  year: string,
  month: string,
  day: string,
  hour: string,
  minute: string,
  second: string,
  fraction: string,
): number | null {
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;

  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  // Dates roll over (31 February becomes 3 March): reject days the month does not have.
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.getTime();
}
