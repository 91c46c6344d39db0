import { Field, ID, Int, ObjectType } from 'type-graphql';

import { eventTypes } from '../event.js';
import type { IngestSummary } from './ingest.summary.js';

@ObjectType('LineIssue', { description: 'A skipped or rejected input line (or record) and why' })
export class LineIssueNode {
  @Field(() => Int, { description: 'The line number, from 1; for a batch, the position' })
  line!: number;
  @Field() reason!: string;
}

@ObjectType('ReasonCount')
export class ReasonCountNode {
  @Field() reason!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('TypeCount')
export class TypeCountNode {
  @Field() type!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('IngestSummary', {
  description:
    'What became of an input: accepted events are stored; skipped lines are known kinds deliberately not stored; rejected lines are broken',
})
export class IngestSummaryNode {
  @Field(() => Int, { description: 'Lines (or records) decided' }) lines!: number;
  @Field(() => Int) accepted!: number;
  @Field(() => Int) skipped!: number;
  @Field(() => Int) rejected!: number;
  @Field(() => ID, { nullable: true, description: 'The first stored event' }) firstId!:
    string | null;
  @Field(() => ID, { nullable: true, description: 'The last stored event' }) lastId!: string | null;
  @Field(() => [TypeCountNode], { description: 'Stored events per type' })
  byType!: TypeCountNode[];
  @Field(() => [ReasonCountNode]) skippedByReason!: ReasonCountNode[];
  @Field(() => [ReasonCountNode]) rejectedByReason!: ReasonCountNode[];
  @Field(() => [LineIssueNode], { description: 'The first 1000 skipped lines' })
  skips!: LineIssueNode[];
  @Field(() => [LineIssueNode], { description: 'The first 1000 rejected lines' })
  rejections!: LineIssueNode[];
  @Field({ description: 'True when more lines were skipped or rejected than are listed' })
  truncated!: boolean;
}

/** The API shape of a summary. */
export function toSummaryNode(summary: IngestSummary): IngestSummaryNode {
  return {
    ...summary,
    firstId: summary.firstId === null ? null : String(summary.firstId),
    lastId: summary.lastId === null ? null : String(summary.lastId),
    byType: eventTypes.map((type) => ({ type, count: summary.byType[type] })),
  };
}
