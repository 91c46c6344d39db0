import type { EventType } from '../event.js';
import { eventTypes } from '../event.js';

/** A line that was skipped or rejected, numbered from 1, and why. */
export interface LineIssue {
  line: number;
  reason: string;
}

export interface ReasonCount {
  reason: string;
  count: number;
}

/**
 * What became of an input: every line up to `lines` was read and decided, and every
 * accepted event among them is committed.
 */
export interface IngestSummary {
  /** Lines decided, blank lines included; later lines were not read or not stored. */
  lines: number;
  /** Events stored. */
  accepted: number;
  /** Known kinds deliberately not stored (Security events, Sysmon image loads, ...). */
  skipped: number;
  /** Broken lines: not JSON, no time, a field of the wrong kind, too long. */
  rejected: number;
  /** Ids of the first and last stored event, or null when none was stored. */
  firstId: number | null;
  lastId: number | null;
  /** Stored events per type. */
  byType: Record<EventType, number>;
  /** Skipped and rejected lines per reason, the most frequent first. */
  skippedByReason: ReasonCount[];
  rejectedByReason: ReasonCount[];
  /** The first {@link maxListedLines} skipped and rejected lines, in line order. */
  skips: LineIssue[];
  rejections: LineIssue[];
  /** True when more lines were skipped or rejected than are listed. */
  truncated: boolean;
}

/** How many skipped and how many rejected lines a summary lists by number. */
export const maxListedLines = 1000;

/** One batch's worth of decisions, folded into a summary once the batch commits. */
export class PendingLines {
  lines = 0;
  readonly byType = new Map<EventType, number>();
  readonly skips: LineIssue[] = [];
  readonly rejections: LineIssue[] = [];

  accept(line: number, type: EventType) {
    this.lines = line;
    this.byType.set(type, (this.byType.get(type) ?? 0) + 1);
  }

  skip(line: number, reason: string) {
    this.lines = line;
    this.skips.push({ line, reason });
  }

  reject(line: number, reason: string) {
    this.lines = line;
    this.rejections.push({ line, reason });
  }

  pass(line: number) {
    this.lines = line;
  }
}

/** Accumulates committed batches into an {@link IngestSummary}. */
export class SummaryBuilder {
  #summary: IngestSummary = {
    lines: 0,
    accepted: 0,
    skipped: 0,
    rejected: 0,
    firstId: null,
    lastId: null,
    byType: Object.fromEntries(eventTypes.map((type) => [type, 0])) as Record<EventType, number>,
    skippedByReason: [],
    rejectedByReason: [],
    skips: [],
    rejections: [],
    truncated: false,
  };
  #skipped = new Map<string, number>();
  #rejected = new Map<string, number>();

  /** Folds in a batch whose events (if any) were committed with ids `range`. */
  add(pending: PendingLines, range: { firstId: number; lastId: number } | null) {
    const summary = this.#summary;
    summary.lines = Math.max(summary.lines, pending.lines);
    for (const [type, count] of pending.byType) {
      summary.byType[type] += count;
      summary.accepted += count;
    }
    if (range) {
      summary.firstId ??= range.firstId;
      summary.lastId = range.lastId;
    }
    summary.skipped += pending.skips.length;
    summary.rejected += pending.rejections.length;
    this.#list(pending.skips, summary.skips, this.#skipped);
    this.#list(pending.rejections, summary.rejections, this.#rejected);
  }

  /** The summary so far. */
  build(): IngestSummary {
    return {
      ...this.#summary,
      byType: { ...this.#summary.byType },
      skippedByReason: byFrequency(this.#skipped),
      rejectedByReason: byFrequency(this.#rejected),
      skips: [...this.#summary.skips],
      rejections: [...this.#summary.rejections],
    };
  }

  #list(issues: readonly LineIssue[], listed: LineIssue[], counts: Map<string, number>) {
    for (const issue of issues) {
      counts.set(issue.reason, (counts.get(issue.reason) ?? 0) + 1);
      if (listed.length < maxListedLines) listed.push(issue);
      else this.#summary.truncated = true;
    }
  }
}

function byFrequency(counts: Map<string, number>): ReasonCount[] {
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}
