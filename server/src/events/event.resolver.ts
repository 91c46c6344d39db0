import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';

import type { Context } from '../graphql/context.js';
import { parseId } from '../graphql/id.js';
import { EventNode, toEventNode } from './event.type.js';
import { HierarchyArgs, ProcessHierarchy, toProcessHierarchy } from './hierarchy.type.js';

@Resolver(() => EventNode)
export class EventResolver {
  @Query(() => EventNode, { nullable: true, description: 'One event by id; null when absent' })
  async event(
    @Ctx() { services }: Context,
    @Arg('id', () => ID) id: string,
  ): Promise<EventNode | null> {
    const event = await services.events.find(parseId('event', id));
    return event ? toEventNode(event) : null;
  }

  @FieldResolver(() => ProcessHierarchy, {
    nullable: true,
    description:
      "The event's process with its parents up the chain, its children (`depth` generations) and, beside each process, its `objects`",
  })
  async hierarchy(
    @Ctx() { services }: Context,
    @Root() event: EventNode,
    @Args() { ancestors, depth, objects }: HierarchyArgs,
  ): Promise<ProcessHierarchy | null> {
    const graph = await services.events.hierarchy(Number(event.id), {
      ancestors,
      depth,
      objectTypes: objects,
    });
    return graph ? toProcessHierarchy(graph) : null;
  }
}
