import { Field, ObjectType, registerEnumType } from 'type-graphql';

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
}
