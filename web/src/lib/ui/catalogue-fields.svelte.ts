import { CatalogueFieldsDocument, type QueryCatalogue } from '$lib/graphql/generated.js';
import { createQuery } from '$lib/graphql/query.svelte.js';

/**
 * The field names a search bar completes, for one catalogue: main names first, so they lead
 * the list, then the aliases. Call it while a component initialises.
 */
export function createFieldNames(catalogue: QueryCatalogue): { readonly names: string[] } {
  const fields = createQuery(CatalogueFieldsDocument, () => ({ catalogue }));
  const names = $derived([
    ...(fields.data?.fields.map((field) => field.name) ?? []),
    ...(fields.data?.fields.flatMap((field) => field.aliases) ?? []),
  ]);
  return {
    get names() {
      return names;
    },
  };
}
