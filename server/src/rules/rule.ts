import type { ScheduleInput } from './schedule/index.js';

/** How urgent a rule's alerts are, lowest first. */
export const severities = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof severities)[number];

/** The trigger criteria a rule can use. Values reach the API and the database. */
export enum TriggerType {
  /** Every matching event triggers. */
  SINGLE_MATCH = 'SINGLE_MATCH',
  /** N matching events of one group within a sliding window. */
  COUNT_MATCH = 'COUNT_MATCH',
  /** The matches inside each window of a schedule, sent when the window closes. */
  SCHEDULED_MATCH = 'SCHEDULED_MATCH',
}

/** A trigger criterion with its parameters, as the evaluator reads it. */
export type Trigger =
  | { type: TriggerType.SINGLE_MATCH }
  | {
      type: TriggerType.COUNT_MATCH;
      /** How many matches fire the rule. */
      count: number;
      /** The window length: the matches' event times lie less than this apart. */
      windowSeconds: number;
    }
  | { type: TriggerType.SCHEDULED_MATCH; schedule: ScheduleInput };

/** What the aggregation group of a rule is keyed on. */
export enum GroupBy {
  /** One group for the whole rule: each alert reaches each action once. */
  ACTION = 'ACTION',
  /** The asset's hostname. */
  HOSTNAME = 'HOSTNAME',
  /** Any field of the event catalogue. */
  FIELD = 'FIELD',
}

/** A rule's aggregation group; `field` is the catalogue name when `by` is FIELD. */
export interface AggregateGroup {
  by: GroupBy;
  field: string | null;
}

/**
 * The part of a rule that decides which alerts it produces. Changing any of it (the
 * `enabled` flag aside) discards the rule's open windows: see docs/semantics.md section 3.
 */
export interface RuleLogic {
  query: string;
  trigger: Trigger;
  aggregate: boolean;
  /** Null when `aggregate` is false. */
  group: AggregateGroup | null;
  /** IANA zone the schedule is read in. */
  timeZone: string;
}

/** A stored rule as the services and the evaluator see it. */
export interface RuleRecord extends RuleLogic {
  id: number;
  name: string;
  description: string;
  enabled: boolean;
  severity: Severity;
  /** Bumped by every change. */
  version: number;
  /** The version at which the rule last discarded its trigger state. */
  resetVersion: number;
  /** The rule evaluates events with ids above this. */
  startEventId: number;
  lastTriggeredAt: number | null;
  createdAt: number;
  createdById: number;
  updatedAt: number;
  updatedById: number;
  deletedAt: number | null;
}
