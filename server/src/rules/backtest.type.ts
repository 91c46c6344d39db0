import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

import { TriggerType } from './rule.js';
import { SeverityName } from './rule.type.js';

/** Which bound stopped a backtest early. */
export enum BacktestLimit {
  EVENTS = 'EVENTS',
  ALERTS = 'ALERTS',
}

registerEnumType(BacktestLimit, {
  name: 'BacktestLimit',
  valuesConfig: {
    EVENTS: { description: 'More matching events than a backtest reads' },
    ALERTS: { description: 'More alerts than a backtest returns' },
  },
});

@ObjectType({ description: 'What one action would have sent for an alert' })
export class BacktestMessage {
  @Field(() => ID) actionId!: string;
  @Field() actionName!: string;
  @Field({ description: 'EMAIL, SLACK, PAGERDUTY or WEBHOOK' }) channel!: string;
  @Field(() => GraphQLJSONObject, { description: 'The rendered message, without secrets' })
  content!: Record<string, unknown>;
}

@ObjectType({ description: 'An alert a backtest would have raised; nothing was stored' })
export class BacktestAlert {
  @Field() title!: string;
  @Field(() => SeverityName) severity!: string;
  @Field(() => TriggerType) triggerType!: string;
  @Field(() => String, { nullable: true }) groupKey!: string | null;
  @Field(() => String, { nullable: true }) hostname!: string | null;
  @Field(() => Int) matchCount!: number;
  @Field() firstTime!: Date;
  @Field() lastTime!: Date;
  @Field(() => Date, { nullable: true }) windowStart!: Date | null;
  @Field(() => Date, { nullable: true }) windowEnd!: Date | null;
  @Field(() => [ID], { description: 'The matched events in sequence order' }) eventIds!: string[];
  @Field(() => [BacktestMessage]) messages!: BacktestMessage[];
}

@ObjectType({ description: 'A rule run over stored events of a past time range' })
export class BacktestResult {
  @Field() from!: Date;
  @Field() to!: Date;
  @Field(() => Int, { description: 'Stored events in the range that match the query (read)' })
  matchedEvents!: number;
  @Field(() => [BacktestAlert], { description: 'In the order they would have triggered' })
  alerts!: BacktestAlert[];
  @Field(() => Int, { description: 'Matches too late for their window' }) lateEvents!: number;
  @Field(() => Int, { description: 'Scheduled windows still open at the end of the range' })
  openWindows!: number;
  @Field(() => BacktestLimit, {
    nullable: true,
    description: 'Set when a bound stopped the backtest: the result covers part of the range',
  })
  limitReached!: BacktestLimit | null;
  @Field(() => String, { nullable: true }) limitMessage!: string | null;
}
