/** Time and number formatting for the dashboard. Pure: the zone and "now" are passed in. */

const formatters = new Map<string, Intl.DateTimeFormat>();
const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string | undefined, withSeconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone ?? ''}|${withSeconds}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: withSeconds ? '2-digit' : undefined,
      hourCycle: 'h23',
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

function partsOf(time: Date, timeZone: string | undefined, withSeconds: boolean) {
  const values: Record<string, string> = {};
  for (const part of formatterFor(timeZone, withSeconds).formatToParts(time)) {
    values[part.type] = part.value;
  }
  return values;
}

function parts(time: Date, timeZone: string | undefined, withSeconds: boolean) {
  const values = partsOf(time, timeZone, withSeconds);
  const clock = withSeconds
    ? `${values.hour}:${values.minute}:${values.second}`
    : `${values.hour}:${values.minute}`;
  return `${values.year}-${values.month}-${values.day} ${clock}`;
}

/**
 * Formats an instant as `YYYY-MM-DD HH:mm:ss` in `timeZone` (the browser's zone when
 * undefined).
 */
export function formatTime(
  value: string | number | Date,
  timeZone?: string,
  withSeconds = true,
): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) return '—';
  return parts(time, timeZone, withSeconds);
}

/**
 * The zone's short name at an instant, as shown beside a time: "UTC", "PDT", or the offset
 * where the zone has no common abbreviation ("GMT+5:30"). The browser's zone when undefined.
 */
export function formatZone(value: string | number | Date, timeZone?: string): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) return '';
  const key = timeZone ?? '';
  let formatter = zoneFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, timeZoneName: 'short' });
    zoneFormatters.set(key, formatter);
  }
  return formatter.formatToParts(time).find((part) => part.type === 'timeZoneName')?.value ?? '';
}

/** The zone's offset from UTC at an instant as `UTC+05:30`, `UTC-04:00` or `UTC+00:00`. */
export function formatOffset(value: string | number | Date, timeZone: string): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) return '';
  const wall = partsOf(time, timeZone, true);
  const asUtc = Date.UTC(
    Number(wall.year),
    Number(wall.month) - 1,
    Number(wall.day),
    Number(wall.hour),
    Number(wall.minute),
    Number(wall.second),
  );
  const minutes = Math.round((asUtc - Math.floor(time.getTime() / 1000) * 1000) / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0');
  return `UTC${sign}${hours}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;
}

/**
 * Formats an instant as `YYYY-MM-DD HH:mm` in `timeZone` with its offset, which tells apart
 * the two readings of a clock set back: "2027-11-07 01:30 UTC-04:00".
 */
export function formatZonedTime(value: string | number | Date, timeZone: string): string {
  return `${formatTime(value, timeZone, false)} ${formatOffset(value, timeZone)}`;
}

/** Formats an instant in UTC with its zone named, for hover titles. */
export function formatUtc(value: string | number | Date): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) return '';
  return `${time
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '')} UTC`;
}

/** Formats how long ago `value` was, relative to `now`: "just now", "5 min ago", "3 h ago". */
export function formatAgo(value: string | number | Date, now: number): string {
  const seconds = Math.round((now - new Date(value).getTime()) / 1000);
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

/** Formats a count with thousands separators: 12345 -> "12,345". */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/**
 * The word that agrees with a count: `singular` for exactly one, otherwise `other` (the
 * singular with an "s" unless given): plural(1, 'alert') is "alert", plural(2, 'match',
 * 'matches') is "matches".
 */
export function plural(count: number, singular: string, other = `${singular}s`): string {
  return count === 1 ? singular : other;
}

/** Converts an instant to the value of an `<input type="datetime-local">` in `timeZone`. */
export function toLocalInput(value: string | number | Date, timeZone?: string): string {
  return formatTime(value, timeZone, false).replace(' ', 'T');
}

/** Reads an `<input type="datetime-local">` value (browser zone) as an ISO instant, or null. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}
