import { never, type CountGroup, type PendingMatch } from './rule-state.js';

/** The parameters of a Time-Window Count Match, in milliseconds. */
export interface CountWindow {
  /** Matches fire the rule when this many lie within the window. */
  count: number;
  /** The window length: the first and last match of an alert lie less than this apart. */
  windowMs: number;
  /** How far behind the group's latest match a match may be and still count. */
  latenessMs: number;
}

/** What one match did to its group. */
export type CountOutcome =
  | { kind: 'late' }
  | { kind: 'pending' }
  /** The matches of the alert, by event time then id; they are consumed. */
  | { kind: 'fired'; matches: PendingMatch[] };

/** A group that has seen no match yet. */
export function createCountGroup(): CountGroup {
  return { maxTime: never, pending: [] };
}

/**
 * Adds one match to a group of a sliding count window and says whether it fired.
 *
 * @remarks
 * The window slides: any `count` unconsumed matches whose event times lie less than
 * `windowMs` apart fire, wherever the window starts. The fired matches are consumed; the
 * next match starts counting afresh. A match older than the group's latest match by more
 * than `latenessMs` is late and counts for nothing. Updates `group` in place.
 */
export function addCountMatch(
  group: CountGroup,
  match: PendingMatch,
  window: CountWindow,
): CountOutcome {
  const [time] = match;
  if (time < group.maxTime - window.latenessMs) return { kind: 'late' };

  const pending = group.pending;
  const index = insertSorted(pending, match);
  if (time > group.maxTime) group.maxTime = time;

  // Before this match no run of `count` fitted in a window, so a run that fits now holds
  // it: look only at the runs around it, oldest first.
  const { count, windowMs } = window;
  const first = Math.max(0, index - count + 1);
  const last = Math.min(index, pending.length - count);
  let outcome: CountOutcome = { kind: 'pending' };
  for (let start = first; start <= last; start++) {
    if (pending[start + count - 1]![0] - pending[start]![0] < windowMs) {
      outcome = { kind: 'fired', matches: pending.splice(start, count) };
      break;
    }
  }

  prune(group, window);
  return outcome;
}

// A later match that is not late lies at or after maxTime - lateness, so a match at or
// before maxTime - lateness - window can share a window with none of them.
function prune(group: CountGroup, window: CountWindow): void {
  const horizon = group.maxTime - window.latenessMs - window.windowMs;
  let drop = 0;
  while (drop < group.pending.length && group.pending[drop]![0] <= horizon) drop++;
  if (drop > 0) group.pending.splice(0, drop);
}

function insertSorted(pending: PendingMatch[], match: PendingMatch): number {
  let index = pending.length;
  // Matches mostly arrive in time order: walk back from the end.
  while (index > 0 && compare(pending[index - 1]!, match) > 0) index--;
  pending.splice(index, 0, match);
  return index;
}

function compare(a: PendingMatch, b: PendingMatch): number {
  return a[0] - b[0] || a[1] - b[1];
}
