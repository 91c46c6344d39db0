import { Field, ID, Int, ObjectType } from 'type-graphql';

import { TriggerType } from '../rules/rule.js';
import { SeverityName } from '../rules/rule.type.js';

@ObjectType('Alert', { description: 'A triggered rule: what matched, when, and for which group' })
export class AlertNode {
  @Field(() => ID) id!: string;
  @Field(() => ID) ruleId!: string;
  @Field({ description: 'The rule name when it triggered' }) ruleName!: string;
  @Field(() => Int, { description: 'The rule version that triggered' }) ruleVersion!: number;
  @Field(() => SeverityName) severity!: string;
  @Field(() => TriggerType) triggerType!: string;
  @Field(() => String, {
    nullable: true,
    description: 'The aggregation or counting group; null for a Single Match without one',
  })
  groupKey!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The host of the matched events when they all share one',
  })
  hostname!: string | null;
  @Field() title!: string;
  @Field(() => Int, { description: 'How many events matched (the events list holds 1000 at most)' })
  matchCount!: number;
  @Field({ description: 'Event time of the earliest match' }) firstTime!: Date;
  @Field({ description: 'Event time of the latest match' }) lastTime!: Date;
  @Field(() => Date, { nullable: true, description: 'SCHEDULED_MATCH: the window start' })
  windowStart!: Date | null;
  @Field(() => Date, { nullable: true, description: 'SCHEDULED_MATCH: the window end' })
  windowEnd!: Date | null;
  @Field({ description: 'When the rule triggered (wall clock)' }) createdAt!: Date;
}

@ObjectType()
export class AlertEdge {
  @Field() cursor!: string;
  @Field(() => AlertNode) node!: AlertNode;
}

@ObjectType()
export class AlertPageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType({ description: 'Alerts newest first' })
export class AlertConnection {
  @Field(() => [AlertEdge]) edges!: AlertEdge[];
  @Field(() => AlertPageInfo) pageInfo!: AlertPageInfo;
  @Field(() => Int, { description: 'Alerts matching the search' }) totalCount!: number;
}

@ObjectType()
export class AlertHistogramBucket {
  @Field() start!: Date;
  @Field() end!: Date;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'Alerts counted by when they triggered' })
export class AlertHistogram {
  @Field() from!: Date;
  @Field() to!: Date;
  @Field(() => [AlertHistogramBucket]) buckets!: AlertHistogramBucket[];
}

@ObjectType()
export class FacetCount {
  @Field({ description: 'The value to filter on (a rule id for rules)' }) value!: string;
  @Field({ description: 'The value as shown' }) label!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'Counts of the matching alerts, most frequent first' })
export class AlertFacets {
  @Field(() => [FacetCount]) rules!: FacetCount[];
  @Field(() => [FacetCount]) severities!: FacetCount[];
  @Field(() => [FacetCount], { description: 'Alerts per host of their matched events' })
  hostnames!: FacetCount[];
  @Field(() => [FacetCount], { description: 'Alerts with at least one delivery in each status' })
  deliveryStatuses!: FacetCount[];
}
