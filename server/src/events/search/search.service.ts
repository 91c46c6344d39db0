import { ValidationError } from '../../errors.js';
import { compileSql, parseQuery } from '../../query/index.js';
import type { SqlFilter } from '../../query/sql.js';
import type { Queryable } from '../../store/db.js';
import { eventTypes, type StoredEvent } from '../event.js';
import {
  countByBucket,
  countByType,
  readPage,
  timeBounds,
  type Position,
  type SearchScope,
} from './search.repository.js';

export type { SearchScope } from './search.repository.js';

/** Page sizes and bucket counts the API accepts. */
export const searchLimits = { maxFirst: 500, maxBuckets: 1000, maxTestMatches: 100 } as const;

const day = 86_400_000;
// Bucket widths a histogram snaps to, so each bar covers a round period.
const niceWidths = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000,
  300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000,
  86_400_000, 172_800_000, 604_800_000,
];

export interface TypeCount {
  type: string;
  count: number;
}

export interface SearchPage {
  events: { event: StoredEvent; cursor: string }[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
  countsByType: TypeCount[];
}

export interface Histogram {
  from: number | null;
  to: number | null;
  bucketMs: number;
  buckets: { start: number; end: number; count: number; countsByType: TypeCount[] }[];
}

/**
 * Hunting: the events a query matches in a scope, a page at a time, with their counts,
 * their spread over time, and the test of a rule query over a period.
 */
export class EventSearchService {
  constructor(private readonly db: Queryable) {}

  /**
   * A page of matches, newest first by event time, then by id; `after` is an edge cursor.
   * With `counts: false` the counts are left at zero, for pages that do not show them.
   */
  async search(
    query: string,
    scope: SearchScope,
    page: { first: number; after: string | null; counts?: boolean },
  ): Promise<SearchPage> {
    if (!Number.isInteger(page.first) || page.first < 1 || page.first > searchLimits.maxFirst) {
      throw new ValidationError(
        'first',
        `must be a whole number from 1 to ${searchLimits.maxFirst}`,
      );
    }
    checkScope(scope);
    const filter = this.filter(query);
    const after = page.after ? decodeCursor(page.after) : null;

    const [rows, counts] = await Promise.all([
      readPage(this.db, scope, filter, after, page.first + 1),
      page.counts === false ? new Map<string, number>() : countByType(this.db, scope, filter),
    ]);
    const events = rows
      .slice(0, page.first)
      .map((event) => ({ event, cursor: encodeCursor(event) }));

    return {
      events,
      hasNextPage: rows.length > page.first,
      endCursor: events.at(-1)?.cursor ?? null,
      ...summarise(counts),
    };
  }

  /**
   * Matches counted in `buckets` buckets of equal, round width covering the scope's period,
   * or, for "Current State" and open ends, the period of the matches themselves.
   */
  async histogram(query: string, scope: SearchScope, buckets: number): Promise<Histogram> {
    if (!Number.isInteger(buckets) || buckets < 1 || buckets > searchLimits.maxBuckets) {
      throw new ValidationError(
        'buckets',
        `must be a whole number from 1 to ${searchLimits.maxBuckets}`,
      );
    }
    checkScope(scope);
    const filter = this.filter(query);

    let from = scope.kind === 'period' ? scope.from : null;
    let to = scope.kind === 'period' ? scope.to : null;
    if (from === null || to === null) {
      const bounds = await timeBounds(this.db, scope, filter);
      if (!bounds) return { from: null, to: null, bucketMs: 0, buckets: [] };
      from ??= bounds.first;
      to ??= bounds.last + 1;
      if (to <= from) return { from: null, to: null, bucketMs: 0, buckets: [] };
    }

    const grid = histogramGrid(from, to, buckets);
    const rows = await countByBucket(this.db, scope, filter, grid.from, grid.to, grid.width);
    const perBucket = Array.from({ length: grid.count }, () => new Map<string, number>());
    for (const row of rows) perBucket[row.bucket]?.set(row.type, row.count);

    return {
      from: grid.from,
      to: grid.to,
      bucketMs: grid.width,
      buckets: perBucket.map((counts, index) => ({
        start: grid.from + index * grid.width,
        end: grid.from + (index + 1) * grid.width,
        count: summarise(counts).totalCount,
        countsByType: summarise(counts).countsByType,
      })),
    };
  }

  /** How many events a (rule) query matches over a period, and the newest of them. */
  async testQuery(
    query: string,
    period: { from: number | null; to: number | null },
    limit: number,
  ): Promise<{ count: number; matches: StoredEvent[] }> {
    if (!Number.isInteger(limit) || limit < 0 || limit > searchLimits.maxTestMatches) {
      throw new ValidationError(
        'limit',
        `must be a whole number from 0 to ${searchLimits.maxTestMatches}`,
      );
    }
    const scope: SearchScope = { kind: 'period', ...period };
    checkScope(scope);
    const filter = this.filter(query);

    const [matches, counts] = await Promise.all([
      limit > 0 ? readPage(this.db, scope, filter, null, limit) : Promise.resolve([]),
      countByType(this.db, scope, filter),
    ]);
    return { count: summarise(counts).totalCount, matches };
  }

  private filter(query: string): SqlFilter {
    return compileSql(parseQuery(query), this.db.dialect, { alias: 'e' });
  }
}

/**
 * The buckets of a histogram over [from, to): the smallest round width giving at most
 * `buckets` buckets, the first bucket starting at a multiple of the width (UTC). Past a
 * week, the width is a whole number of days and the first bucket starts at UTC midnight.
 */
export function histogramGrid(
  from: number,
  to: number,
  buckets: number,
): { from: number; to: number; width: number; count: number } {
  const wanted = Math.max(1, Math.ceil((to - from) / buckets));
  // Aligning the start can add one bucket: then the next width up is tried.
  for (const width of niceWidths.filter((candidate) => candidate >= wanted)) {
    const start = Math.floor(from / width) * width;
    if (Math.ceil((to - start) / width) <= buckets) return grid(start, to, width);
  }
  return dayGrid(from, to, buckets);
}

function summarise(counts: Map<string, number>): { totalCount: number; countsByType: TypeCount[] } {
  const known: readonly string[] = eventTypes;
  const countsByType = [...counts]
    .filter(([, count]) => count > 0)
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => known.indexOf(a.type) - known.indexOf(b.type));
  return { totalCount: countsByType.reduce((sum, entry) => sum + entry.count, 0), countsByType };
}

// Starting at the midnight before `from` fixes the start before the width is chosen, so the
// smallest whole number of days that fits needs no second try: doubling it would halve the
// number of buckets.
function dayGrid(from: number, to: number, buckets: number) {
  const start = Math.floor(from / day) * day;
  return grid(start, to, Math.ceil((to - start) / buckets / day) * day);
}

function grid(start: number, to: number, width: number) {
  const count = Math.ceil((to - start) / width);
  return { from: start, to: start + count * width, width, count };
}

function checkScope(scope: SearchScope): void {
  if (
    scope.kind === 'period' &&
    scope.from !== null &&
    scope.to !== null &&
    scope.from >= scope.to
  ) {
    throw new ValidationError('range', 'from must be before to');
  }
}

/** An opaque cursor for the position right after `event`. */
export function encodeCursor(event: Pick<StoredEvent, 'time' | 'id'>): string {
  return Buffer.from(`${event.time}:${event.id}`).toString('base64url');
}

function decodeCursor(cursor: string): Position {
  const match = /^(-?\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match)
    throw new ValidationError('after', 'is not a cursor from this search: start again without it');
  return { time: Number(match[1]), id: Number(match[2]) };
}
