import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

import { repeats, weekdays } from './schedule/index.js';
import { GroupBy, TriggerType } from './rule.js';

/** Severity as a GraphQL enum; values are the stored strings. */
export enum SeverityName {
  INFO = 'INFO',
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}

/** How a schedule repeats, as a GraphQL enum. */
export const RepeatName = Object.fromEntries(repeats.map((value) => [value, value])) as {
  [K in (typeof repeats)[number]]: K;
};

/** The weekdays, Monday first, as a GraphQL enum. */
export const WeekdayName = Object.fromEntries(weekdays.map((value) => [value, value])) as {
  [K in (typeof weekdays)[number]]: K;
};

registerEnumType(SeverityName, { name: 'Severity', description: 'How urgent the alerts are' });
registerEnumType(TriggerType, {
  name: 'TriggerType',
  description: 'The trigger criterion: docs/semantics.md section 3',
  valuesConfig: {
    SINGLE_MATCH: {
      description: 'Every match triggers (one alert per group per step when aggregated)',
    },
    COUNT_MATCH: { description: 'N matches of one group within a sliding window' },
    SCHEDULED_MATCH: { description: 'The matches of each scheduled window, sent when it closes' },
  },
});
registerEnumType(GroupBy, {
  name: 'GroupBy',
  description: 'What the aggregation group is keyed on',
  valuesConfig: {
    ACTION: { description: 'One group for the whole rule, delivered once to each action' },
    HOSTNAME: { description: 'The asset hostname' },
    FIELD: { description: 'Any field of the event catalogue' },
  },
});
registerEnumType(RepeatName, { name: 'Repeat' });
registerEnumType(WeekdayName, { name: 'Weekday' });

@ObjectType({ description: "A scheduled trigger's schedule, in the rule's time zone" })
export class ScheduleNode {
  @Field(() => RepeatName) repeat!: string;
  @Field(() => Int) every!: number;
  @Field(() => [WeekdayName]) weekdays!: string[];
  @Field(() => Int, { nullable: true }) dayOfMonth!: number | null;
  @Field({ description: 'YYYY-MM-DD' }) startDate!: string;
  @Field(() => String, { nullable: true }) endDate!: string | null;
  @Field({ description: 'HH:MM' }) startTime!: string;
  @Field({ description: 'HH:MM' }) endTime!: string;
  @Field(() => Int) durationMinutes!: number;
}

@ObjectType({ description: 'A trigger criterion and its parameters' })
export class TriggerNode {
  @Field(() => TriggerType) type!: TriggerType;
  @Field(() => Int, { nullable: true, description: 'COUNT_MATCH: matches that fire' })
  count!: number | null;
  @Field(() => Int, { nullable: true, description: 'COUNT_MATCH: window length' })
  windowSeconds!: number | null;
  @Field(() => ScheduleNode, { nullable: true }) schedule!: ScheduleNode | null;
  @Field({ description: 'e.g. "3 matches within 15 minutes"' }) description!: string;
}

@ObjectType()
export class AggregateGroupNode {
  @Field(() => GroupBy) by!: GroupBy;
  @Field(() => String, { nullable: true, description: 'FIELD: the catalogue field' })
  field!: string | null;
}

@ObjectType({ description: 'One window of a schedule: start inclusive, end exclusive' })
export class ScheduleWindowNode {
  @Field() start!: Date;
  @Field() end!: Date;
}

@ObjectType({ description: 'A schedule in words and its next windows' })
export class ScheduleDescription {
  @Field({ description: 'e.g. "Repeats daily from 9:00 am to 5:00 pm (8.00 hours)"' })
  summary!: string;
  @Field(() => [ScheduleWindowNode]) nextWindows!: ScheduleWindowNode[];
}

@ObjectType({ description: 'A query and a trigger criterion that together produce alerts' })
export class RuleNode {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() description!: string;
  @Field({ description: 'The query, in the query language of docs/semantics.md section 2' })
  query!: string;
  @Field() enabled!: boolean;
  @Field(() => SeverityName) severity!: string;
  @Field(() => TriggerNode) trigger!: TriggerNode;
  @Field({ description: 'Whether matches are aggregated into one alert per group' })
  aggregate!: boolean;
  @Field(() => AggregateGroupNode, { nullable: true }) group!: AggregateGroupNode | null;
  @Field({ description: 'IANA time zone the schedule is read in' }) timeZone!: string;
  @Field(() => [ID], { description: 'The actions that deliver its alerts' }) actionIds!: string[];
  @Field(() => Int, { description: 'Bumped by every change' }) version!: number;
  @Field() createdAt!: Date;
  @Field() createdBy!: string;
  @Field() updatedAt!: Date;
  @Field() updatedBy!: string;
  @Field(() => Date, { nullable: true }) lastTriggeredAt!: Date | null;
  @Field(() => Int) alertCount!: number;
  @Field(() => Int, {
    description: 'Matches that arrived too late for their window (counted, never dropped silently)',
  })
  lateEvents!: number;
  @Field(() => String, { nullable: true, description: 'SCHEDULED_MATCH: the summary line' })
  scheduleSummary!: string | null;
  @Field(() => [ScheduleWindowNode], {
    nullable: true,
    description: 'SCHEDULED_MATCH: the next five windows',
  })
  nextWindows!: ScheduleWindowNode[] | null;
}
