import { Arg, Query, Resolver } from 'type-graphql';

import type { Catalogue } from './catalogue.js';
import { FieldInfo, FieldTypeName, QueryCatalogueName, QueryCheck } from './field.type.js';
import { eventCatalogue } from './fields.js';
import { listCatalogues } from './list-catalogues.js';
import { parseQuery } from './parser.js';
import { QueryError } from './query-error.js';

const catalogues: Record<QueryCatalogueName, Catalogue<never>> = {
  [QueryCatalogueName.EVENTS]: eventCatalogue,
  [QueryCatalogueName.RULES]: listCatalogues.rules,
  [QueryCatalogueName.ACTIONS]: listCatalogues.actions,
  [QueryCatalogueName.ALERTS]: listCatalogues.alerts,
};

@Resolver()
export class FieldResolver {
  @Query(() => [FieldInfo], { description: 'The field catalogue: every field a query can name' })
  fields(
    @Arg('catalogue', () => QueryCatalogueName, { defaultValue: QueryCatalogueName.EVENTS })
    catalogue: QueryCatalogueName,
  ): FieldInfo[] {
    return catalogues[catalogue].fields.map((def) => ({
      name: def.name,
      aliases: [...def.aliases],
      type: def.type as FieldTypeName,
      eventTypes: [...((def as { eventTypes?: readonly string[] }).eventTypes ?? [])],
      description: def.description,
      values: def.values ? def.values.map((value) => value.token) : null,
    }));
  }

  @Query(() => QueryCheck, { description: 'Checks a query without running it, for editors' })
  checkQuery(
    @Arg('query') query: string,
    @Arg('catalogue', () => QueryCatalogueName, { defaultValue: QueryCatalogueName.EVENTS })
    catalogue: QueryCatalogueName,
  ): QueryCheck {
    try {
      parseQuery(query, catalogues[catalogue]);
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      const suggestions = error.details.suggestions;
      return {
        valid: false,
        message: error.message,
        problem: error.problem,
        position: error.position,
        length: error.length,
        suggestions: Array.isArray(suggestions) ? (suggestions as string[]) : [],
      };
    }
    return {
      valid: true,
      message: null,
      problem: null,
      position: null,
      length: null,
      suggestions: [],
    };
  }
}
