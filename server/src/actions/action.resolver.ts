import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';

import type { Context } from '../graphql/context.js';
import { ActionInput } from './action.input.js';
import { ActionNode, ActionTestResult, DeliveryCounts, toActionNode } from './action.type.js';
import { parseId } from '../graphql/id.js';

const searchDescription =
  'A query over the actions catalogue, e.g. `type: slack` or `recipient: *@example.com`';

@Resolver(() => ActionNode)
export class ActionResolver {
  @Query(() => [ActionNode], { description: 'Actions not deleted, by name' })
  async actions(
    @Ctx() { services }: Context,
    @Arg('search', () => String, { nullable: true, description: searchDescription })
    search?: string | null,
  ): Promise<ActionNode[]> {
    return (await services.actions.list(search)).map(toActionNode);
  }

  @Query(() => ActionNode, { description: 'One action, deleted ones included' })
  async action(@Ctx() { services }: Context, @Arg('id', () => ID) id: string) {
    return toActionNode(await services.actions.get(parseId('action', id)));
  }

  @Mutation(() => ActionNode)
  async createAction(@Ctx() { services, user }: Context, @Arg('input') input: ActionInput) {
    return toActionNode(await services.actions.create(input, user));
  }

  @Mutation(() => ActionNode, {
    description: 'Replaces name and settings; a secret left out keeps its stored value',
  })
  async updateAction(
    @Ctx() { services, user }: Context,
    @Arg('id', () => ID) id: string,
    @Arg('input') input: ActionInput,
  ) {
    return toActionNode(await services.actions.update(parseId('action', id), input, user));
  }

  @Mutation(() => Boolean, {
    description: 'Deletes an action: rules stop using it; its deliveries keep their history',
  })
  async deleteAction(@Ctx() { services, user }: Context, @Arg('id', () => ID) id: string) {
    await services.actions.delete(parseId('action', id), user);
    return true;
  }

  @Mutation(() => ActionTestResult, {
    description: 'Sends a test message through the action now, once, and returns the outcome',
  })
  testAction(@Ctx() { services }: Context, @Arg('id', () => ID) id: string) {
    return services.actions.test(parseId('action', id));
  }

  @FieldResolver(() => DeliveryCounts)
  deliveryCounts(@Root() action: ActionNode, @Ctx() { services }: Context) {
    return services.deliveries.countsByAction(Number(action.id));
  }
}
