import { TelltaleError } from '../errors.js';
import {
  compileSql,
  parseQuery,
  QueryError,
  type Catalogue,
  type SqlFilter,
} from '../query/index.js';
import type { Dialect } from '../store/db.js';

/**
 * The filter of a list's search bar (rules, alerts): the query compiled against the
 * list's catalogue, with `alias` naming the table. A blank search matches every row.
 *
 * @throws TelltaleError QUERY_INVALID with the position and `field: 'search'`.
 */
export function compileListSearch<T>(
  search: string | null | undefined,
  catalogue: Catalogue<T>,
  dialect: Dialect,
  alias: string,
): SqlFilter {
  if (!search?.trim()) return { sql: '1 = 1', params: [] };
  try {
    return compileSql(parseQuery(search, catalogue), dialect, { alias });
  } catch (error) {
    if (error instanceof QueryError) {
      throw new TelltaleError(`search: ${error.message}`, error.code, {
        ...error.details,
        field: 'search',
      });
    }
    throw error;
  }
}
