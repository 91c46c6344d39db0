import { windowContaining, type Schedule } from '../rules/schedule/index.js';
import { maxEventsPerAlert } from './alert-draft.js';
import { never, type OpenWindow, type ScheduledGroup } from './rule-state.js';

/** One match as a scheduled window records it. */
export interface ScheduledMatch {
  id: number;
  time: number;
  receivedAt: number;
  hostname: string;
}

/** What one match did to its group. */
export interface ScheduledOutcome {
  /** The match falls in a window that has closed for its group. */
  late: boolean;
  /** Windows the match's watermark closed, oldest first: each becomes one alert. */
  closed: OpenWindow[];
}

/** A group that has seen no match yet. */
export function createScheduledGroup(): ScheduledGroup {
  return {
    maxTime: never,
    closedThrough: never,
    windows: [],
  };
}

/**
 * Adds one match to a group of a scheduled rule, then closes the group's windows that
 * its watermark (latest match time minus the lateness) has passed.
 *
 * @remarks
 * A match outside every window joins none but still moves the watermark. A match whose
 * window has closed for the group, or ends at or before the watermark, is late. Updates
 * `group` in place.
 */
export function addScheduledMatch(
  group: ScheduledGroup,
  match: ScheduledMatch,
  schedule: Schedule,
  latenessMs: number,
): ScheduledOutcome {
  const window = windowContaining(schedule, match.time);
  const watermark = group.maxTime - latenessMs;

  if (window && window.end <= Math.max(group.closedThrough, watermark)) {
    return { late: true, closed: [] };
  }
  if (window) record(openWindow(group, window.start, window.end), match);
  if (match.time > group.maxTime) group.maxTime = match.time;

  return { late: false, closed: closeThrough(group, group.maxTime - latenessMs) };
}

/**
 * Closes the windows the wall clock has passed: those whose end and whose newest match's
 * arrival both lie at least `latenessMs` before `now`. Closing a window also closes the
 * group's older ones.
 */
export function closeByClock(group: ScheduledGroup, now: number, latenessMs: number): OpenWindow[] {
  let through = never;
  for (const window of group.windows) {
    if (window.end + latenessMs <= now && window.lastReceivedAt + latenessMs <= now) {
      through = Math.max(through, window.end);
    }
  }
  return closeThrough(group, through);
}

/** Closes the group's windows that end at or before `through`, oldest first. */
export function closeThrough(group: ScheduledGroup, through: number): OpenWindow[] {
  if (group.windows.length === 0 || group.windows[0]!.end > through) return [];

  const closed = group.windows.filter((window) => window.end <= through);
  group.windows = group.windows.filter((window) => window.end > through);
  group.closedThrough = Math.max(group.closedThrough, ...closed.map((window) => window.end));
  return closed;
}

function openWindow(group: ScheduledGroup, start: number, end: number): OpenWindow {
  let index = group.windows.length;
  while (index > 0 && group.windows[index - 1]!.start >= start) index--;
  const existing = group.windows[index];
  if (existing && existing.start === start) return existing;

  const window: OpenWindow = {
    start,
    end,
    matchCount: 0,
    eventIds: [],
    firstTime: Number.MAX_SAFE_INTEGER,
    lastTime: never,
    lastReceivedAt: never,
    hostname: null,
  };
  group.windows.splice(index, 0, window);
  return window;
}

function record(window: OpenWindow, match: ScheduledMatch): void {
  window.hostname =
    window.matchCount === 0 || window.hostname === match.hostname ? match.hostname : null;
  window.matchCount++;
  if (window.eventIds.length < maxEventsPerAlert) window.eventIds.push(match.id);
  if (match.time < window.firstTime) window.firstTime = match.time;
  if (match.time > window.lastTime) window.lastTime = match.time;
  if (match.receivedAt > window.lastReceivedAt) window.lastReceivedAt = match.receivedAt;
}
