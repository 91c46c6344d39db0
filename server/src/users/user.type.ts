import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('User', { description: 'An account that creates and changes rules and actions' })
export class UserNode {
  @Field(() => ID) id!: string;
  @Field() name!: string;
}
