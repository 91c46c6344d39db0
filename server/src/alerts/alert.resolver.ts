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
import { Topic, type AlertTriggeredPayload } from '../pubsub/topics.js';
import { maxEventsPerAlert } from '../evaluator/alert-draft.js';
import { AlertConnection, AlertFacets, AlertHistogram, AlertNode } from './alert.type.js';

const searchDescription =
  'A query over the alerts catalogue, e.g. `severity: HIGH and asset.hostname: ws1`';

@Resolver(() => AlertNode)
export class AlertResolver {
  @Query(() => AlertConnection, { description: 'Alerts newest first' })
  alerts(
    @Ctx() { services }: Context,
    @Arg('search', () => String, { nullable: true, description: searchDescription })
    search?: string | null,
    @Arg('first', () => Int, { defaultValue: 50, description: '1 to 200' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<AlertConnection> {
    return services.alerts.list(search, first, after);
  }

  @Query(() => AlertNode)
  alert(@Ctx() { services }: Context, @Arg('id', () => ID) id: string): Promise<AlertNode> {
    return services.alerts.get(Number(id));
  }

  @Query(() => AlertHistogram, { description: 'Matching alerts by when they triggered' })
  alertHistogram(
    @Ctx() { services }: Context,
    @Arg('from') from: Date,
    @Arg('to') to: Date,
    @Arg('buckets', () => Int, { defaultValue: 60, description: '1 to 500' }) buckets: number,
    @Arg('search', () => String, { nullable: true, description: searchDescription })
    search?: string | null,
  ): Promise<AlertHistogram> {
    return services.alerts.histogram(search, from, to, buckets);
  }

  @Query(() => AlertFacets)
  alertFacets(
    @Ctx() { services }: Context,
    @Arg('search', () => String, { nullable: true, description: searchDescription })
    search?: string | null,
  ): Promise<AlertFacets> {
    return services.alerts.facets(search);
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
