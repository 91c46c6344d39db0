import {
  Arg,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';

import { ValidationError } from '../errors.js';
import { EventNode, toEventNode } from '../events/event.type.js';
import type { Context } from '../graphql/context.js';
import { parseId } from '../graphql/id.js';
import { Topic, type AlertTriggeredPayload } from '../pubsub/topics.js';
import { maxEventsPerAlert } from '../evaluator/alert-draft.js';
import { AlertConnection, AlertFacets, AlertHistogram, AlertNode } from './alert.type.js';

const searchDescription =
  'A query over the alerts catalogue, e.g. `severity: HIGH and asset.hostname: ws1`';
const fromDescription = 'Alerts triggered at or after this time (inclusive); open when absent';
const toDescription = 'Alerts triggered before this time (exclusive); open when absent';

@Resolver(() => AlertNode)
export class AlertResolver {
  @Query(() => AlertConnection, { description: 'Alerts newest first' })
  alerts(
    @Ctx() { services }: Context,
    @Arg('search', () => String, { nullable: true, description: searchDescription })
    search?: string | null,
    @Arg('from', () => Date, { nullable: true, description: fromDescription })
    from?: Date | null,
    @Arg('to', () => Date, { nullable: true, description: toDescription }) to?: Date | null,
    @Arg('first', () => Int, { defaultValue: 50, description: '1 to 200' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<AlertConnection> {
    return services.alerts.list(search, { from, to }, first, after);
  }

  @Query(() => AlertNode)
  alert(@Ctx() { services }: Context, @Arg('id', () => ID) id: string): Promise<AlertNode> {
    return services.alerts.get(parseId('alert', id));
  }

  @Query(() => AlertHistogram, { description: 'Matching alerts by when they triggered' })
  alertHistogram(
    @Ctx() { services }: Context,
    @Arg('from', { description: 'The start of the first bucket (inclusive)' }) from: Date,
    @Arg('to', { description: 'The end of the last bucket (exclusive)' }) to: Date,
    @Arg('buckets', () => Int, { defaultValue: 60, description: '1 to 500' }) buckets: number,
    @Arg('search', () => String, { nullable: true, description: searchDescription })
    search?: string | null,
  ): Promise<AlertHistogram> {
    return services.alerts.histogram(search, from, to, buckets);
  }

  @Query(() => AlertFacets, {
    description: 'Matching alerts counted by rule, severity, host and delivery status',
  })
  alertFacets(
    @Ctx() { services }: Context,
    @Arg('search', () => String, { nullable: true, description: searchDescription })
    search?: string | null,
    @Arg('from', () => Date, { nullable: true, description: fromDescription })
    from?: Date | null,
    @Arg('to', () => Date, { nullable: true, description: toDescription }) to?: Date | null,
  ): Promise<AlertFacets> {
    return services.alerts.facets(search, { from, to });
  }

  @Subscription(() => AlertNode, {
    topics: Topic.AlertTriggered,
    description: 'Each new alert, once its step has committed',
  })
  alertTriggered(
    @Root() payload: AlertTriggeredPayload,
    @Ctx() { services }: Context,
  ): Promise<AlertNode> {
    return services.alerts.triggered(payload.alertId);
  }

  @FieldResolver(() => [EventNode], { description: 'The matched events in sequence order' })
  async events(
    @Root() alert: AlertNode,
    @Ctx() { services }: Context,
    @Arg('first', () => Int, { defaultValue: 100, description: `1 to ${maxEventsPerAlert}` })
    first: number,
  ): Promise<EventNode[]> {
    if (!Number.isInteger(first) || first < 1 || first > maxEventsPerAlert) {
      throw new ValidationError('first', `must be a whole number from 1 to ${maxEventsPerAlert}`);
    }
    const events = await services.alerts.matchedEvents(Number(alert.id), first);
    return events.map(toEventNode);
  }
}
