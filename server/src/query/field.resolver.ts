import { Query, Resolver } from 'type-graphql';

import { FieldInfo, FieldTypeName } from './field.type.js';
import { fields } from './fields.js';

@Resolver()
export class FieldResolver {
  @Query(() => [FieldInfo], { description: 'The field catalogue: every field a query can name' })
  fields(): FieldInfo[] {
    return fields.map((def) => ({
      name: def.name,
      aliases: [...def.aliases],
      type: def.type as FieldTypeName,
      eventTypes: [...def.eventTypes],
      description: def.description,
    }));
  }
}
