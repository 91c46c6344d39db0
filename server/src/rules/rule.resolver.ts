import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';

import { ActionNode, toActionNode } from '../actions/action.type.js';
import type { Context } from '../graphql/context.js';
import { parseId } from '../graphql/id.js';
import { BacktestResult } from './backtest.type.js';
import { RuleInput, ScheduleInputType } from './rule.input.js';
import { RuleNode, ScheduleDescription } from './rule.type.js';

@Resolver(() => RuleNode)
export class RuleResolver {
  @Query(() => [RuleNode], { description: 'Rules that are not deleted, by name' })
  rules(
    @Ctx() { services }: Context,
    @Arg('search', () => String, {
      nullable: true,
      description: 'A query over the rules catalogue, e.g. `severity: HIGH and name: *lsass*`',
    })
    search?: string | null,
  ): Promise<RuleNode[]> {
    return services.rules.list(search);
  }

  @Query(() => RuleNode)
  rule(@Ctx() { services }: Context, @Arg('id', () => ID) id: string): Promise<RuleNode> {
    return services.rules.get(parseId('rule', id));
  }

  @Query(() => ScheduleDescription, {
    description: 'The summary line of a schedule and its next five windows',
  })
  describeSchedule(
    @Ctx() { services }: Context,
    @Arg('schedule', () => ScheduleInputType) schedule: ScheduleInputType,
    @Arg('timeZone') timeZone: string,
  ): ScheduleDescription {
    return services.rules.describeSchedule(schedule, timeZone);
  }

  @Query(() => BacktestResult, {
    description: 'Runs a saved rule over stored events of [from, to); writes and sends nothing',
  })
  backtestRule(
    @Ctx() { services }: Context,
    @Arg('id', () => ID) id: string,
    @Arg('from') from: Date,
    @Arg('to') to: Date,
  ): Promise<BacktestResult> {
    return services.backtest.backtestRule(parseId('rule', id), from, to);
  }

  @Query(() => BacktestResult, {
    description: 'Runs a rule that is not saved over stored events of [from, to)',
  })
  backtestDraft(
    @Ctx() { services }: Context,
    @Arg('input', () => RuleInput) input: RuleInput,
    @Arg('from') from: Date,
    @Arg('to') to: Date,
  ): Promise<BacktestResult> {
    return services.backtest.backtestDraft(input, from, to);
  }

  @Mutation(() => RuleNode)
  createRule(
    @Ctx() { services, user }: Context,
    @Arg('input', () => RuleInput) input: RuleInput,
  ): Promise<RuleNode> {
    return services.rules.create(input, user);
  }

  @Mutation(() => RuleNode, {
    description: 'Replaces every setting; see docs/semantics.md 3 for what edits discard',
  })
  updateRule(
    @Ctx() { services, user }: Context,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => RuleInput) input: RuleInput,
    @Arg('expectedVersion', () => Int, {
      nullable: true,
      description:
        'The version the client read: the save is refused with CONFLICT if the rule has ' +
        'changed since, so one analyst does not overwrite another unseen. Omitted: last ' +
        'write wins.',
    })
    expectedVersion?: number | null,
  ): Promise<RuleNode> {
    return services.rules.update(parseId('rule', id), input, user, expectedVersion ?? null);
  }

  @Mutation(() => RuleNode)
  setRuleEnabled(
    @Ctx() { services, user }: Context,
    @Arg('id', () => ID) id: string,
    @Arg('enabled') enabled: boolean,
  ): Promise<RuleNode> {
    return services.rules.setEnabled(parseId('rule', id), enabled, user);
  }

  @FieldResolver(() => [ActionNode], { description: 'The actions that deliver its alerts' })
  async actions(@Root() rule: RuleNode, @Ctx() { services }: Context): Promise<ActionNode[]> {
    const actions = await Promise.all(rule.actionIds.map((id) => services.actions.get(Number(id))));
    return actions.filter((action) => action.deletedAt === null).map(toActionNode);
  }

  @Mutation(() => Boolean, { description: 'Deletes a rule; its alerts are kept' })
  async deleteRule(
    @Ctx() { services, user }: Context,
    @Arg('id', () => ID) id: string,
  ): Promise<boolean> {
    await services.rules.remove(parseId('rule', id), user);
    return true;
  }
}
