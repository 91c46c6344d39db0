import type { EventType, StoredEvent } from '../events/event.js';
import type { Schedule } from '../rules/schedule/index.js';
import type { GroupKeyOf } from '../rules/group.js';
import type { RuleLogic, Severity, TriggerType } from '../rules/rule.js';

/** The most matched events an alert lists; `matchCount` still counts them all. */
export const maxEventsPerAlert = 1000;

/** A rule ready for evaluation: its settings, its compiled query and its group reader. */
export interface CompiledRule {
  id: number;
  name: string;
  severity: Severity;
  version: number;
  resetVersion: number;
  /** Events with ids up to this are not the rule's to see. */
  startEventId: number;
  logic: RuleLogic;
  matches: (event: StoredEvent) => boolean;
  /** The only event types the query can match, when it names them; null for any. */
  eventTypes: ReadonlySet<EventType> | null;
  /**
   * A field the query requires to equal one of `values` (folded to lower case), when it
   * says so at its top level: the rule then sees only events with such a value.
   */
  equality: EqualityKey | null;
  /** Null for a Single Match without aggregation: each event stands alone. */
  groupKeyOf: GroupKeyOf | null;
  /** The event properties the query and the group read: the evaluator loads only these. */
  reads: ReadonlySet<keyof StoredEvent>;
  /** The parsed schedule of a Time-Window Scheduled Match. */
  schedule: Schedule | null;
}

/** A required field value of a rule; see {@link CompiledRule.equality}. */
export interface EqualityKey {
  field: string;
  read: (event: StoredEvent) => unknown;
  values: ReadonlySet<string>;
}

/** An alert a trigger produced, before it is stored. */
export interface AlertDraft {
  ruleId: number;
  ruleName: string;
  ruleVersion: number;
  severity: Severity;
  triggerType: TriggerType;
  /** The aggregation or counting group; null for a Single Match without aggregation. */
  groupKey: string | null;
  /** The hostname of the matched events when they share one. */
  hostname: string | null;
  title: string;
  matchCount: number;
  /** The matched events in sequence order, at most {@link maxEventsPerAlert}. */
  eventIds: number[];
  firstTime: number;
  lastTime: number;
  windowStart: number | null;
  windowEnd: number | null;
  /**
   * The id of the event whose evaluation produced the alert (0 for a close by the clock):
   * alerts are stored in this order, then by rule id.
   */
  at: number;
}

/** A match that arrived after its window could take it. */
export interface LateMatch {
  ruleId: number;
  eventId: number;
  time: number;
  groupKey: string;
  /** Why it was late, for the log. */
  reason: 'count-window-passed' | 'scheduled-window-closed';
}
