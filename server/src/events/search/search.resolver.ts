import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { Arg, Ctx, Info, Int, Query, Resolver } from 'type-graphql';

import type { Context } from '../../graphql/context.js';
import { toEventNode } from '../event.type.js';
import { sampleQueries } from './sample-queries.js';
import type { SearchScope } from './search.service.js';
import {
  EventConnection,
  EventHistogram,
  QueryTest,
  SampleQuery,
  TimeRangeInput,
} from './search.type.js';

const queryDescription = 'A query in the query language (docs/semantics.md); empty matches all';
const rangeDescription = 'Event time from (inclusive) to (exclusive); without it, Current State';

@Resolver()
export class EventSearchResolver {
  @Query(() => EventConnection, { description: 'Hunting: events matching a query, newest first' })
  async events(
    @Ctx() { services }: Context,
    @Arg('query', () => String, { nullable: true, description: queryDescription })
    query?: string | null,
    @Arg('range', () => TimeRangeInput, { nullable: true, description: rangeDescription })
    range?: TimeRangeInput | null,
    @Arg('first', () => Int, { defaultValue: 50, description: '1 to 500' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Info() info?: GraphQLResolveInfo,
  ): Promise<EventConnection> {
    const page = await services.eventSearch.search(query ?? '', scopeOf(range), {
      first: first ?? 50,
      after: after ?? null,
      // Counting every match is the costly part of a search: only when asked for.
      counts: !info || info.fieldNodes.some((node) => selects(node.selectionSet, countFields)),
    });
    return {
      edges: page.events.map(({ event, cursor }) => ({ cursor, node: toEventNode(event) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      totalCount: page.totalCount,
      countsByType: page.countsByType,
    };
  }

  @Query(() => EventHistogram, { description: 'Matching events counted over time' })
  async eventHistogram(
    @Ctx() { services }: Context,
    @Arg('query', () => String, { nullable: true, description: queryDescription })
    query?: string | null,
    @Arg('range', () => TimeRangeInput, { nullable: true, description: rangeDescription })
    range?: TimeRangeInput | null,
    @Arg('buckets', () => Int, { defaultValue: 60, description: 'At most this many, 1 to 1000' })
    buckets?: number,
  ): Promise<EventHistogram> {
    const histogram = await services.eventSearch.histogram(
      query ?? '',
      scopeOf(range),
      buckets ?? 60,
    );
    return {
      from: histogram.from === null ? null : new Date(histogram.from),
      to: histogram.to === null ? null : new Date(histogram.to),
      bucketMs: histogram.bucketMs,
      buckets: histogram.buckets.map((bucket) => ({
        ...bucket,
        start: new Date(bucket.start),
        end: new Date(bucket.end),
      })),
    };
  }

  @Query(() => QueryTest, {
    description: 'Test Query: what a rule query matches over a period (all time without bounds)',
  })
  async testQuery(
    @Ctx() { services }: Context,
    @Arg('query', () => String, { description: queryDescription }) query: string,
    @Arg('from', () => Date, { nullable: true }) from?: Date | null,
    @Arg('to', () => Date, { nullable: true }) to?: Date | null,
    @Arg('limit', () => Int, { defaultValue: 20, description: 'Matches returned, 0 to 100' })
    limit?: number,
  ): Promise<QueryTest> {
    const result = await services.eventSearch.testQuery(
      query,
      { from: from ? from.getTime() : null, to: to ? to.getTime() : null },
      limit ?? 20,
    );
    return { count: result.count, matches: result.matches.map(toEventNode) };
  }

  @Query(() => [SampleQuery], { description: 'Queries worth trying on endpoint telemetry' })
  sampleQueries(): SampleQuery[] {
    return sampleQueries.map((sample) => ({ ...sample }));
  }
}

const countFields = new Set(['totalCount', 'countsByType']);

// Whether a selection names one of `names`; fragments count as naming everything.
function selects(selection: SelectionSetNode | undefined, names: ReadonlySet<string>): boolean {
  if (!selection) return false;
  return selection.selections.some((node) => node.kind !== 'Field' || names.has(node.name.value));
}

function scopeOf(range: TimeRangeInput | null | undefined): SearchScope {
  const from = range?.from ?? null;
  const to = range?.to ?? null;
  if (from === null && to === null) return { kind: 'current' };
  return { kind: 'period', from: from ? from.getTime() : null, to: to ? to.getTime() : null };
}
