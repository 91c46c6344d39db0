import { NotFoundError, ValidationError } from '../errors.js';
import type { StoredEvent } from '../events/event.js';
import { findEvents } from '../events/event.repository.js';
import { alertCatalogue } from '../query/index.js';
import { compileListSearch } from '../rules/list-search.js';
import type { Db } from '../store/db.js';
import {
  countAlertsMatching,
  countByBucket,
  countByDeliveryStatus,
  countByHostname,
  countByRule,
  countBySeverity,
  findAlertPage,
  findAlerts,
  findMatchedEventIds,
  type AlertFilter,
  type AlertRecord,
} from './alert.repository.js';
import type { AlertConnection, AlertFacets, AlertHistogram, AlertNode } from './alert.type.js';

export const maxPageSize = 200;
export const maxBuckets = 500;
/** Alerts kept in memory for subscribers: each new alert is read once, not once each. */
const cachedAlerts = 1000;

/** When alerts triggered: from (inclusive) to (exclusive) by `createdAt`; either end open. */
export interface AlertRange {
  from?: Date | null;
  to?: Date | null;
}

/** Alerts: the Activity list, its histogram and facets, and each alert's matches. */
export class AlertService {
  readonly #cache = new Map<number, Promise<AlertNode>>();

  constructor(private readonly db: Db) {}

  /**
   * Alerts matching `search` that triggered within `range`, newest first, `first` of them
   * after the cursor `after`.
   */
  async list(
    search: string | null | undefined,
    range: AlertRange = {},
    first = 50,
    after?: string | null,
  ): Promise<AlertConnection> {
    if (!Number.isInteger(first) || first < 1 || first > maxPageSize) {
      throw new ValidationError('first', `must be a whole number from 1 to ${maxPageSize}`);
    }
    const filter = this.#filter(search, range);
    const beforeId = after ? decodeCursor(after) : null;

    const [records, totalCount] = await Promise.all([
      findAlertPage(this.db, filter, beforeId, first + 1),
      countAlertsMatching(this.db, filter),
    ]);
    const page = records.slice(0, first);
    const connection: AlertConnection = {
      edges: page.map((record) => ({ cursor: encodeCursor(record.id), node: toAlertNode(record) })),
      pageInfo: {
        hasNextPage: records.length > first,
        endCursor: page.length > 0 ? encodeCursor(page[page.length - 1]!.id) : null,
      },
      totalCount,
    };
    return connection;
  }

  /** One alert; NotFoundError when there is none. */
  async get(id: number): Promise<AlertNode> {
    const cached = this.#cache.get(id);
    if (cached) return cached;

    const [record] = Number.isSafeInteger(id) ? await findAlerts(this.db, [id]) : [];
    if (!record) throw new NotFoundError('alert', id);
    return toAlertNode(record);
  }

  /**
   * One alert as the subscription pushes it: read once for all subscribers. Stored alerts
   * never change, so the copy stays right.
   */
  triggered(id: number): Promise<AlertNode> {
    let alert = this.#cache.get(id);
    if (!alert) {
      alert = this.get(id);
      this.#cache.set(id, alert);
      alert.catch(() => this.#cache.delete(id));
      if (this.#cache.size > cachedAlerts) this.#cache.delete(this.#cache.keys().next().value!);
    }
    return alert;
  }

  /** The matched events of an alert in sequence order, at most `limit`. */
  async matchedEvents(alertId: number, limit: number): Promise<StoredEvent[]> {
    return findEvents(this.db, await findMatchedEventIds(this.db, alertId, limit));
  }

  /** Matching alerts counted in `buckets` equal spans of [from, to), by trigger time. */
  async histogram(
    search: string | null | undefined,
    from: Date,
    to: Date,
    buckets: number,
  ): Promise<AlertHistogram> {
    const start = from.getTime();
    const end = to.getTime();
    if (!Number.isInteger(buckets) || buckets < 1 || buckets > maxBuckets) {
      throw new ValidationError('buckets', `must be a whole number from 1 to ${maxBuckets}`);
    }

    const filter = this.#filter(search, { from, to });
    const width = Math.ceil((end - start) / buckets);
    const counts = await countByBucket(this.db, filter, start, width);
    return {
      from,
      to,
      buckets: Array.from({ length: buckets }, (_, index) => ({
        start: new Date(start + index * width),
        end: new Date(Math.min(end, start + (index + 1) * width)),
        count: counts.get(index) ?? 0,
      })),
    };
  }

  /**
   * Counts of the alerts matching `search` within `range` by rule, severity, hostname and
   * delivery status.
   */
  async facets(search: string | null | undefined, range: AlertRange = {}): Promise<AlertFacets> {
    const filter = this.#filter(search, range);
    const [rules, severities, hostnames, deliveryStatuses] = await Promise.all([
      countByRule(this.db, filter),
      countBySeverity(this.db, filter),
      countByHostname(this.db, filter),
      countByDeliveryStatus(this.db, filter),
    ]);
    return { rules, severities, hostnames, deliveryStatuses };
  }

  // The range is a condition of its own beside the search, so error positions in the
  // search always refer to the text the analyst wrote.
  #filter(search: string | null | undefined, range: AlertRange): AlertFilter {
    const from = range.from ?? null;
    const to = range.to ?? null;
    if (from !== null && to !== null && !(from.getTime() < to.getTime())) {
      throw new ValidationError('to', 'must be later than from');
    }

    const filter = compileListSearch(search, alertCatalogue, this.db.dialect, 'a');
    const conditions = [`(${filter.sql})`];
    const params = [...filter.params];
    if (from !== null) {
      conditions.push('a.created_at >= ?');
      params.push(from);
    }
    if (to !== null) {
      conditions.push('a.created_at < ?');
      params.push(to);
    }
    return { sql: conditions.join(' AND '), params };
  }
}

/** The API shape of a stored alert. */
export function toAlertNode(record: AlertRecord): AlertNode {
  return {
    id: String(record.id),
    ruleId: String(record.ruleId),
    ruleName: record.ruleName,
    ruleVersion: record.ruleVersion,
    severity: record.severity,
    triggerType: record.triggerType,
    groupKey: record.groupKey,
    hostname: record.hostname,
    title: record.title,
    matchCount: record.matchCount,
    firstTime: new Date(record.firstTime),
    lastTime: new Date(record.lastTime),
    windowStart: record.windowStart === null ? null : new Date(record.windowStart),
    windowEnd: record.windowEnd === null ? null : new Date(record.windowEnd),
    createdAt: new Date(record.createdAt),
  };
}

function encodeCursor(id: number): string {
  return Buffer.from(`alert:${id}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^alert:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new ValidationError('after', 'is not a cursor this API returned');
  return Number(match[1]);
}
