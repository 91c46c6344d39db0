import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum FieldTypeName {
  TEXT = 'text',
  KEYWORD = 'keyword',
  GUID = 'guid',
  NUMBER = 'number',
  DATETIME = 'datetime',
  IP = 'ip',
}

registerEnumType(FieldTypeName, {
  name: 'FieldType',
  description: 'How a field compares: see docs/semantics.md',
});

@ObjectType({ description: 'A searchable event field' })
export class FieldInfo {
  @Field()
  name!: string;

  @Field(() => [String], { description: 'Other names the query language accepts' })
  aliases!: string[];

  @Field(() => FieldTypeName)
  type!: FieldTypeName;

  @Field(() => [String], { description: 'Event types that carry the field; empty for every type' })
  eventTypes!: string[];

  @Field()
  description!: string;

  @Field(() => [String], {
    nullable: true,
    description: 'The values the field accepts, when they form a closed set',
  })
  values!: string[] | null;
}

export enum QueryCatalogueName {
  EVENTS = 'events',
  RULES = 'rules',
  ACTIONS = 'actions',
  ALERTS = 'alerts',
}

registerEnumType(QueryCatalogueName, {
  name: 'QueryCatalogue',
  description: 'Which fields a query names: hunting and rule queries, or a list search bar',
});

@ObjectType({ description: 'Whether a query parses; where and why not' })
export class QueryCheck {
  @Field() valid!: boolean;

  @Field(() => String, { nullable: true }) message!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'syntax, unknown-field, unknown-value, wrong-type, range-order or bad-cidr',
  })
  problem!: string | null;

  @Field(() => Int, { nullable: true, description: '0-based offset of the problem in the query' })
  position!: number | null;

  @Field(() => Int, { nullable: true, description: 'Length of the text at fault' })
  length!: number | null;

  @Field(() => [String], { description: 'Field names to try instead of an unknown one' })
  suggestions!: string[];
}
