import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';

import { ActionResolver } from '../actions/action.resolver.js';
import { AlertDeliveryResolver, DeliveryResolver } from '../actions/delivery.resolver.js';
import { AlertResolver } from '../alerts/alert.resolver.js';
import { EventResolver } from '../events/event.resolver.js';
import { IngestResolver } from '../events/ingest/ingest.resolver.js';
import { EventSearchResolver } from '../events/search/search.resolver.js';
import type { PubSub } from '../pubsub/pubsub.js';
import { FieldResolver } from '../query/field.resolver.js';
import { RuleResolver } from '../rules/rule.resolver.js';

// Every resolver class of the API; a feature adds its own here.
const resolvers: NonEmptyArray<Function> = [
  FieldResolver,
  RuleResolver,
  AlertResolver,
  EventSearchResolver,
  EventResolver,
  IngestResolver,
  ActionResolver,
  DeliveryResolver,
  AlertDeliveryResolver,
];

/** Builds the GraphQL schema from the resolver classes. */
export function createSchema(pubSub: PubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    pubSub: {
      publish: (topic: string, payload: unknown) =>
        pubSub.publish(topic as never, payload as never),
      subscribe: (topic: string) => pubSub.subscribe(topic as never),
    },
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
  });
}
