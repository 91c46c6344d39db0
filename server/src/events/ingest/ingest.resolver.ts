import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';

import { ValidationError } from '../../errors.js';
import type { Context } from '../../graphql/context.js';
import { IngestSummaryNode, toSummaryNode } from './ingest.type.js';

/** Records one ingestEvents call takes; larger inputs go to POST /ingest. */
export const maxEventsPerCall = 10_000;

@Resolver()
export class IngestResolver {
  @Mutation(() => IngestSummaryNode, {
    description:
      'Stores a batch of events (Sysmon/Winlogbeat, nxlog or native records); each is ' +
      'checked on its own, and one that is not an object is rejected in the summary',
  })
  async ingestEvents(
    @Ctx() { services }: Context,
    // Any JSON value, null included: a record that is not an object is rejected by its
    // position in the summary, not by variable validation for the whole call.
    @Arg('events', () => [GraphQLJSON], { nullable: 'items' }) events: unknown[],
  ): Promise<IngestSummaryNode> {
    if (events.length > maxEventsPerCall) {
      throw new ValidationError(
        'events',
        `at most ${maxEventsPerCall} events per call; send larger inputs as NDJSON to POST /ingest`,
        { count: events.length },
      );
    }
    const { summary, stopped } = await services.ingest.ingestRecords(events);
    if (stopped) throw stopped;
    return toSummaryNode(summary);
  }
}
