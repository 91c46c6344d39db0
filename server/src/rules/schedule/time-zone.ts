import { msPerDay } from './calendar.js';

/**
 * IANA time zone arithmetic on the platform's ICU data (Intl.DateTimeFormat), which Node
 * ships with the tz database. Instants are epoch ms (UTC); a wall-clock time is the
 * reading of a clock in the zone, written as epoch ms as if that reading were UTC.
 */

// Per zone: the offset at the start of each UTC day looked at so far.
const dayStartOffsets = new Map<string, Map<number, number>>();
const maxRememberedDays = 20_000;

const resolvedNames = new Map<string, string | null>();
const maxRememberedNames = 1000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetPattern = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/;
const zoneNamePattern = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/**
 * The zone's name if the platform knows it, with the platform's capitalisation when only
 * that differs; null for an unknown zone or a bare UTC offset such as '+05:30'.
 */
export function resolveTimeZone(name: string): string | null {
  let resolved = resolvedNames.get(name);
  if (resolved === undefined) {
    if (resolvedNames.size >= maxRememberedNames) resolvedNames.clear();
    resolved = readZoneName(name);
    resolvedNames.set(name, resolved);
  }
  return resolved;
}

/** The zone's UTC offset at an instant, in ms (local minus UTC). */
export function offsetAt(timeZone: string, instant: number): number {
  // The same offset at the start of a UTC day and of the next means none changed between:
  // no zone changes twice within a day.
  const day = Math.floor(instant / msPerDay);
  const atStart = dayStartOffset(timeZone, day);
  if (atStart === dayStartOffset(timeZone, day + 1)) return atStart;

  return readOffset(timeZone, instant);
}

/** The wall-clock reading in the zone at an instant. */
export function toWallClock(timeZone: string, instant: number): number {
  return instant + offsetAt(timeZone, instant);
}

/**
 * The instant at which the zone's clocks read a wall-clock time.
 *
 * @remarks A reading that occurs twice (clocks set back) means its first occurrence. A
 * reading the clocks skip (clocks set forward) means the instant they jump, whose reading
 * is the end of the skipped span. Assumes no zone changes its offset twice within two
 * days, which holds for the tz database since 1970.
 */
export function toInstant(timeZone: string, wallClock: number): number {
  const before = offsetAt(timeZone, wallClock - msPerDay);
  const after = offsetAt(timeZone, wallClock + msPerDay);
  if (before === after) return wallClock - before;

  const withBefore = wallClock - before;
  const withAfter = wallClock - after;
  const isBeforeValid = offsetAt(timeZone, withBefore) === before;
  const isAfterValid = offsetAt(timeZone, withAfter) === after;

  if (isBeforeValid && isAfterValid) return Math.min(withBefore, withAfter);
  if (isBeforeValid) return withBefore;
  if (isAfterValid) return withAfter;

  // Skipped: the offset turns from `before` to `after` between the two candidates.
  return transitionBetween(timeZone, withAfter, withBefore, before);
}

function readZoneName(name: string): string | null {
  if (!zoneNamePattern.test(name)) return null;

  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }

  // ICU maps links to its own canonical names (Asia/Kolkata to Asia/Calcutta): keep the
  // name the user chose and fix only its capitalisation.
  return resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
}

function dayStartOffset(timeZone: string, day: number): number {
  let offsets = dayStartOffsets.get(timeZone);
  if (!offsets || offsets.size >= maxRememberedDays) {
    offsets = new Map();
    dayStartOffsets.set(timeZone, offsets);
  }

  let offset = offsets.get(day);
  if (offset === undefined) {
    offset = readOffset(timeZone, day * msPerDay);
    offsets.set(day, offset);
  }
  return offset;
}

function readOffset(timeZone: string, instant: number): number {
  const text = formatterFor(timeZone).format(instant);
  const match = offsetPattern.exec(text);
  if (!match) return 0;

  const [, sign, hours, minutes, seconds] = match;
  const ms = ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds ?? 0)) * 1000;
  return sign === '-' ? -ms : ms;
}

function transitionBetween(timeZone: string, low: number, high: number, offset: number): number {
  // Offsets change on whole seconds: search to the second.
  while (high - low > 1000) {
    const middle = Math.round((low + high) / 2000) * 1000;
    if (middle <= low || middle >= high) break;
    if (readOffset(timeZone, middle) === offset) low = middle;
    else high = middle;
  }
  return high;
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  // Zone names match without regard to case: one formatter per zone, however it is spelt.
  const key = timeZone.toLowerCase();
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    formatters.set(key, formatter);
  }
  return formatter;
}
