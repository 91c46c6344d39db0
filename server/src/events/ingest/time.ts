// Date and time, optional seconds and fraction, optional zone. A space may stand in for
// the `T` (Sysmon writes `2021-06-12 01:07:15.633`) and the zone may be `Z`, `+00:00`,
// `+0000` or `+00`.
const timePattern =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Milliseconds since the epoch from a timestamp in any of the forms the supported formats
 * use, or null when it cannot be read. A time without a zone is UTC (Sysmon's `UtcTime`).
 * Digits past milliseconds are dropped. A number is taken as milliseconds since the epoch.
 */
export function parseTime(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : null;
  if (typeof value !== 'string') return null;

  const match = timePattern.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone = 'Z'] = match;

  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number);
  if (mo! < 1 || mo! > 12 || d! < 1 || h! > 23 || mi! > 59 || s! > 59) return null;

  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const local = Date.UTC(y!, mo! - 1, d, h, mi, s, millis);
  // Date.UTC rolls 31 February over into March: a day past the month's end is an error.
  if (new Date(local).getUTCDate() !== d) return null;

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
