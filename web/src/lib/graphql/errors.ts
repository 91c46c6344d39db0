import type { CombinedError } from '@urql/svelte';

/** Where in a query string a syntax or field error sits (0-based offsets). */
export interface QueryErrorPosition {
  start: number;
  end: number;
}

/** An API error as the UI shows it. */
export interface ApiError {
  message: string;
  /** `extensions.code` of the first GraphQL error, or NETWORK for a transport failure. */
  code: string;
  /** For BAD_USER_INPUT: the input field at fault, e.g. `trigger.count`. */
  field: string | null;
  position: QueryErrorPosition | null;
}

/** A query error and the query text it was reported for (trimmed, as it was sent). */
export interface QueryFailure {
  query: string;
  error: ApiError;
}

/**
 * The query failure to keep after a request that carried `query`: its error when the query
 * was invalid, none when the request succeeded, and `current` when it failed for another
 * reason (that says nothing about the query).
 */
export function nextQueryFailure(
  current: QueryFailure | null,
  error: ApiError | null,
  query: string,
): QueryFailure | null {
  if (!error) return null;
  if (error.code === 'QUERY_INVALID') return { query: query.trim(), error };
  return current;
}

/** The failure's error while the editor still holds the query it was reported for. */
export function errorForQuery(failure: QueryFailure | null, query: string): ApiError | null {
  return failure && failure.query === query.trim() ? failure.error : null;
}

/** Turns an urql error into the message, code and query position the UI shows. */
export function toApiError(error: CombinedError): ApiError {
  const first = error.graphQLErrors[0];
  if (!first) {
    return {
      message: 'The server could not be reached. Check that it is running, then retry.',
      code: 'NETWORK',
      field: null,
      position: null,
    };
  }

  const extensions = (first.extensions ?? {}) as Record<string, unknown>;
  return {
    message: first.message,
    code: typeof extensions.code === 'string' ? extensions.code : 'INTERNAL',
    field: typeof extensions.field === 'string' ? extensions.field : null,
    position: positionOf(extensions),
  };
}

// A query error (QUERY_INVALID) carries the offending text's offset and length.
function positionOf(extensions: Record<string, unknown>): QueryErrorPosition | null {
  const { position, length } = extensions;
  if (typeof position !== 'number' || position < 0) return null;
  const span = typeof length === 'number' && length > 0 ? length : 1;
  return { start: position, end: position + span };
}
