import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

import { DeliveryStatus } from './delivery.policy.js';
import type { DeliveryRecord } from './delivery.repository.js';

registerEnumType(DeliveryStatus, {
  name: 'DeliveryStatus',
  description: 'Where a delivery stands: docs/semantics.md, section 6',
  valuesConfig: {
    PENDING: { description: 'Not sent yet, being sent, or waiting for its next try' },
    SUCCESS: { description: 'The channel accepted the message' },
    FAILED: { description: 'The last try failed, or the failure was final; see lastError' },
  },
});

@ObjectType('Delivery', { description: 'One alert sent through one action' })
export class DeliveryNode {
  @Field(() => ID) id!: string;
  @Field(() => ID) alertId!: string;
  @Field(() => ID) actionId!: string;
  @Field(() => DeliveryStatus) status!: DeliveryStatus;
  @Field(() => Int, { description: 'Tries so far, the one in progress included' })
  attempts!: number;
  @Field(() => String, {
    nullable: true,
    description: 'Why the latest failed try failed; kept after a later success',
  })
  lastError!: string | null;
  @Field(() => Date, { nullable: true, description: 'PENDING: when the next try is due' })
  nextAttemptAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the channel accepted it' })
  deliveredAt!: Date | null;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
}

/** The API shape of a delivery. */
export function toDeliveryNode(delivery: DeliveryRecord): DeliveryNode {
  return {
    id: String(delivery.id),
    alertId: String(delivery.alertId),
    actionId: String(delivery.actionId),
    status: delivery.status,
    attempts: delivery.attempts,
    lastError: delivery.lastError,
    nextAttemptAt: delivery.status === DeliveryStatus.PENDING ? delivery.nextAttemptAt : null,
    deliveredAt: delivery.deliveredAt,
    createdAt: delivery.createdAt,
    updatedAt: delivery.updatedAt,
  };
}
