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

import { AlertNode } from '../alerts/alert.type.js';
import type { Context } from '../graphql/context.js';
import { parseId } from '../graphql/id.js';
import { Topic, type DeliveryUpdatedPayload } from '../pubsub/topics.js';
import { ActionNode, toActionNode } from './action.type.js';
import { DeliveryStatus } from './delivery.policy.js';
import { DeliveryNode, toDeliveryNode } from './delivery.type.js';

@Resolver(() => DeliveryNode)
export class DeliveryResolver {
  @Query(() => [DeliveryNode], { description: 'Deliveries newest first' })
  async deliveries(
    @Ctx() { services }: Context,
    @Arg('alertId', () => ID, { nullable: true }) alertId?: string | null,
    @Arg('status', () => DeliveryStatus, { nullable: true }) status?: DeliveryStatus | null,
    @Arg('first', () => Int, { defaultValue: 50, description: '1 to 500' }) first?: number,
  ): Promise<DeliveryNode[]> {
    const deliveries = await services.deliveries.list({
      ...(alertId == null ? {} : { alertId: parseId('alert', alertId, 'alertId') }),
      ...(status == null ? {} : { status }),
      first: first ?? 50,
    });
    return deliveries.map(toDeliveryNode);
  }

  @Subscription(() => DeliveryNode, {
    // Read when the subscription starts: an alertId that is not one is refused then.
    topics: ({ args }: { args: { alertId?: string | null } }) => {
      if (args.alertId != null) parseId('alert', args.alertId, 'alertId');
      return Topic.DeliveryUpdated;
    },
    filter: ({ payload, args }: { payload: DeliveryUpdatedPayload; args: { alertId?: string } }) =>
      args.alertId == null || String(payload.alertId) === args.alertId,
    description: 'Each recorded try of a delivery: a retry scheduled, a success, a failure',
  })
  async deliveryUpdated(
    @Root() payload: DeliveryUpdatedPayload,
    @Ctx() { services }: Context,
    @Arg('alertId', () => ID, { nullable: true, description: 'Only the deliveries of this alert' })
    _alertId?: string | null,
  ): Promise<DeliveryNode> {
    return toDeliveryNode(await services.deliveries.get(payload.deliveryId));
  }

  @FieldResolver(() => ActionNode, { description: 'The action, even when deleted since' })
  async action(@Root() delivery: DeliveryNode, @Ctx() { services }: Context) {
    return toActionNode(await services.actions.get(Number(delivery.actionId)));
  }
}

@Resolver(() => AlertNode)
export class AlertDeliveryResolver {
  @FieldResolver(() => [DeliveryNode], { description: 'One delivery per action, oldest first' })
  async deliveries(@Root() alert: AlertNode, @Ctx() { services }: Context) {
    return (await services.deliveries.forAlert(Number(alert.id))).map(toDeliveryNode);
  }
}
