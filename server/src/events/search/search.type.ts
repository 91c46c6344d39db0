import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';

import { EventNode } from '../event.type.js';

@InputType({
  description:
    'Which events a search covers: from (inclusive) and to (exclusive) by event time, ' +
    'either end open; with neither, "Current State": the latest event of each live object',
})
export class TimeRangeInput {
  @Field(() => Date, { nullable: true }) from?: Date | null;
  @Field(() => Date, { nullable: true }) to?: Date | null;
}

@ObjectType()
export class EventEdge {
  @Field({ description: 'Pass as `after` to read the events after this one' }) cursor!: string;
  @Field(() => EventNode) node!: EventNode;
}

@ObjectType()
export class EventPageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType({ description: 'How many events of one type matched' })
export class EventTypeCount {
  @Field() type!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'Matching events, newest first by event time, then by id' })
export class EventConnection {
  @Field(() => [EventEdge]) edges!: EventEdge[];
  @Field(() => EventPageInfo) pageInfo!: EventPageInfo;
  @Field(() => Int, { description: 'All events matching the search, on every page' })
  totalCount!: number;
  @Field(() => [EventTypeCount], {
    description: 'totalCount by event type, types with none left out',
  })
  countsByType!: EventTypeCount[];
}

@ObjectType({ description: 'Matching events from start (inclusive) to end (exclusive)' })
export class EventHistogramBucket {
  @Field() start!: Date;
  @Field() end!: Date;
  @Field(() => Int) count!: number;
  @Field(() => [EventTypeCount]) countsByType!: EventTypeCount[];
}

@ObjectType({ description: 'Matching events counted by event time, in buckets of equal width' })
export class EventHistogram {
  @Field(() => Date, { nullable: true, description: 'Start of the first bucket; null when none' })
  from!: Date | null;
  @Field(() => Date, { nullable: true, description: 'End of the last bucket; null when none' })
  to!: Date | null;
  // Float: a bucket of 25 days or more is past GraphQL Int's 32 bits.
  @Field(() => Float, {
    description: 'The width of every bucket, in milliseconds: a whole number, 0 when none',
  })
  bucketMs!: number;
  @Field(() => [EventHistogramBucket]) buckets!: EventHistogramBucket[];
}

@ObjectType({ description: 'What a query matches over a period: for trying a rule query' })
export class QueryTest {
  @Field(() => Int, { description: 'Every matching event in the period' }) count!: number;
  @Field(() => [EventNode], { description: 'The newest matches, at most `limit`' })
  matches!: EventNode[];
}

@ObjectType({ description: 'A query worth trying on endpoint telemetry' })
export class SampleQuery {
  @Field() name!: string;
  @Field() query!: string;
  @Field() description!: string;
}
