import { TelltaleError } from '../errors.js';

/** What is wrong with a query; reaches API clients as `extensions.problem`. */
export type QueryProblem =
  'syntax' | 'unknown-field' | 'unknown-value' | 'wrong-type' | 'range-order' | 'bad-cidr';

/**
 * A query the language cannot accept. `position` is the 0-based character offset of the
 * offending text in the query and `length` its length, so the UI can mark it.
 */
export class QueryError extends TelltaleError {
  override name = 'QueryError';

  constructor(
    readonly problem: QueryProblem,
    message: string,
    readonly position: number,
    readonly length: number,
    extra: Record<string, unknown> = {},
  ) {
    super(`${message} (at position ${position})`, 'QUERY_INVALID', {
      position,
      length,
      problem,
      ...extra,
    });
  }
}
