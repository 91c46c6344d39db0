import type { ApiError } from '$lib/graphql/errors.js';
import type { TimeRange } from '$lib/ui/time-range.js';

/** A search with the time range written into it, and where the analyst's text starts. */
export interface RangedSearch {
  text: string;
  /** Characters before the analyst's text: subtract it from an error position. */
  offset: number;
}

/**
 * Adds the time range to an alert search as a `created` term, since the alert list takes
 * its range in the query: `(search) and created: ["from".."to")`.
 */
export function alertSearch(search: string, range: TimeRange): RangedSearch {
  const trimmed = search.trim();
  const term = rangeTerm(range);
  if (!term) return { text: trimmed, offset: 0 };
  if (!trimmed) return { text: term, offset: 0 };
  return { text: `(${trimmed}) and ${term}`, offset: 1 };
}

/** Moves an error's position from the ranged search back into the analyst's text. */
export function errorInSearch(error: ApiError | null, ranged: RangedSearch, search: string) {
  if (!error?.position) return error;
  const length = search.trim().length;
  const start = Math.min(Math.max(error.position.start - ranged.offset, 0), length);
  const end = Math.min(Math.max(error.position.end - ranged.offset, start + 1), length + 1);
  return { ...error, position: { start, end } };
}

function rangeTerm(range: TimeRange): string | null {
  if (range.from && range.to) return `created: ["${range.from}".."${range.to}")`;
  if (range.from) return `created >= "${range.from}"`;
  if (range.to) return `created < "${range.to}"`;
  return null;
}
