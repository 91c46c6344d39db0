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
  position: QueryErrorPosition | null;
}

/** Turns an urql error into the message, code and query position the UI shows. */
export function toApiError(error: CombinedError): ApiError {
  const first = error.graphQLErrors[0];
  if (!first) {
    return {
      message: 'The server could not be reached. Check that it is running, then retry.',
      code: 'NETWORK',
      position: null,
    };
  }

  const extensions = (first.extensions ?? {}) as Record<string, unknown>;
  return {
    message: first.message,
    code: typeof extensions.code === 'string' ? extensions.code : 'INTERNAL',
    position: positionOf(extensions),
  };
}

// The query language reports `position` as an offset or as {start, end}; both are accepted
// so the marker works for syntax errors (a point) and unknown fields (a span).
function positionOf(extensions: Record<string, unknown>): QueryErrorPosition | null {
  const raw = extensions.position ?? extensions.offset;
  if (typeof raw === 'number' && raw >= 0) return { start: raw, end: raw + 1 };
  if (raw && typeof raw === 'object') {
    const { start, end, offset, length } = raw as Record<string, unknown>;
    const from = typeof start === 'number' ? start : typeof offset === 'number' ? offset : null;
    if (from === null) return null;
    const to =
      typeof end === 'number' ? end : typeof length === 'number' ? from + length : from + 1;
    return { start: from, end: Math.max(to, from + 1) };
  }
  return null;
}
