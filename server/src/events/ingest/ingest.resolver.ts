import { GraphQLJSONObject } from 'graphql-scalars';
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
      'Stores a batch of events (Sysmon/Winlogbeat, nxlog or native records); each is checked on its own',
  })
  async ingestEvents(
    @Ctx() { services }: Context,
    @Arg('events', () => [GraphQLJSONObject]) events: Record<string, unknown>[],
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
