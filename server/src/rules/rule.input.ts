import { Field, ID, InputType, Int } from 'type-graphql';

import type { Repeat, ScheduleInput, Weekday } from './schedule/index.js';
import { GroupBy, TriggerType } from './rule.js';
import { RepeatName, SeverityName, WeekdayName } from './rule.type.js';

@InputType('ScheduleInput', {
  description: 'Dates and times are wall-clock values in the rule time zone',
})
export class ScheduleInputType implements ScheduleInput {
  @Field(() => RepeatName) repeat!: Repeat;
  @Field(() => Int, { nullable: true, description: 'Every how many days, weeks or months' })
  every?: number | null;
  @Field(() => [WeekdayName], { nullable: true, description: 'WEEKLY: the start weekdays' })
  weekdays?: Weekday[] | null;
  @Field(() => Int, { nullable: true, description: 'MONTHLY: 1 to 31' })
  dayOfMonth?: number | null;
  @Field({ description: 'YYYY-MM-DD: the first day a window may start' }) startDate!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: the last such day' })
  endDate?: string | null;
  @Field({ description: 'HH:MM' }) startTime!: string;
  @Field(() => String, { nullable: true, description: 'HH:MM; give this or durationMinutes' })
  endTime?: string | null;
  @Field(() => Int, { nullable: true }) durationMinutes?: number | null;
}

@InputType('TriggerInput', { description: 'Give only the parameters of the chosen type' })
export class TriggerInputType {
  @Field(() => TriggerType) type!: TriggerType;
  @Field(() => Int, { nullable: true, description: 'COUNT_MATCH: 1 to 1000' })
  count?: number | null;
  @Field(() => Int, { nullable: true, description: 'COUNT_MATCH: 1 s to 30 days' })
  windowSeconds?: number | null;
  @Field(() => ScheduleInputType, { nullable: true }) schedule?: ScheduleInputType | null;
}

@InputType('GroupInput')
export class GroupInputType {
  @Field(() => GroupBy) by!: GroupBy;
  @Field(() => String, { nullable: true, description: 'FIELD: a catalogue field name' })
  field?: string | null;
}

@InputType('RuleInput', { description: 'A whole rule: updateRule replaces every setting' })
export class RuleInput {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field() query!: string;
  @Field(() => Boolean, { nullable: true, description: 'Default true' }) enabled?: boolean | null;
  @Field(() => SeverityName, { nullable: true, description: 'Default MEDIUM' })
  severity?: SeverityName | null;
  @Field(() => TriggerInputType) trigger!: TriggerInputType;
  @Field(() => Boolean, { nullable: true, description: 'Default false' })
  aggregate?: boolean | null;
  @Field(() => GroupInputType, { nullable: true, description: 'Default HOSTNAME when aggregated' })
  group?: GroupInputType | null;
  @Field(() => String, { nullable: true, description: 'IANA zone; default UTC' })
  timeZone?: string | null;
  @Field(() => [ID], { nullable: true }) actionIds?: string[] | null;
}
