/**
 * The trigger state of one rule between evaluation steps, kept in `rule_states` as JSON
 * and committed with the alerts it produced. See docs/semantics.md section 5.
 */

/** A time before every event: what a group's watermark starts at (JSON has no -Infinity). */
export const never = Number.MIN_SAFE_INTEGER;

/** A match waiting in a count window: event time, event id, hostname. */
export type PendingMatch = [time: number, id: number, hostname: string];

/** One group of a Time-Window Count Match rule. */
export interface CountGroup {
  /** The latest event time among the group's matches: its watermark before lateness. */
  maxTime: number;
  /** Unconsumed matches still able to join a window, by event time then id. */
  pending: PendingMatch[];
}

/** A scheduled window that holds at least one match and has not closed. */
export interface OpenWindow {
  start: number;
  end: number;
  matchCount: number;
  /** The first matches' ids, in sequence order, up to the per-alert limit. */
  eventIds: number[];
  firstTime: number;
  lastTime: number;
  /** When the newest match was stored (wall clock): closing by the clock waits for it. */
  lastReceivedAt: number;
  /** The hostname all matches share, or null once two differ. */
  hostname: string | null;
}

/** One group of a Time-Window Scheduled Match rule. */
export interface ScheduledGroup {
  maxTime: number;
  /** Windows ending at or before this have closed for the group. */
  closedThrough: number;
  /** Open windows by start time. */
  windows: OpenWindow[];
}

export interface RuleState {
  /** The rule's `resetVersion` this state was built under; another one discards it. */
  resetVersion: number;
  /** Late matches seen since the rule was created (kept across resets). */
  lateEvents: number;
  /** Count groups by group key. */
  count: Map<string, CountGroup>;
  /** Scheduled groups by group key. */
  scheduled: Map<string, ScheduledGroup>;
}

/** A state with nothing open. */
export function createRuleState(resetVersion: number, lateEvents = 0): RuleState {
  return { resetVersion, lateEvents, count: new Map(), scheduled: new Map() };
}

/** The JSON kept in `rule_states.state`. Maps become entry lists: group keys are data. */
export function serializeRuleState(state: RuleState): string {
  return JSON.stringify({
    resetVersion: state.resetVersion,
    lateEvents: state.lateEvents,
    count: [...state.count],
    scheduled: [...state.scheduled],
  });
}

/** A state read back from `rule_states.state`. */
export function deserializeRuleState(json: string): RuleState {
  const value = JSON.parse(json) as {
    resetVersion: number;
    lateEvents: number;
    count?: Array<[string, CountGroup]>;
    scheduled?: Array<[string, ScheduledGroup]>;
  };
  return {
    resetVersion: value.resetVersion,
    lateEvents: value.lateEvents ?? 0,
    count: new Map(value.count ?? []),
    scheduled: new Map(value.scheduled ?? []),
  };
}
