import type { Clock } from '../../clock.js';
import { TelltaleError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { PubSub } from '../../pubsub/pubsub.js';
import { Topic } from '../../pubsub/topics.js';
import type { Db } from '../../store/db.js';
import type { NormalizedEvent } from '../event.js';
import { IngestInterruptedError, UnreadableInputError } from './ingest.errors.js';
import { writeBatch, type BatchRange } from './ingest.repository.js';
import { PendingLines, SummaryBuilder, type IngestSummary } from './ingest.summary.js';
import { decompress, readLines, type SourceLine } from './line-reader.js';
import { readLine, readRecord, type RecordOutcome } from './record.js';

/** Events per transaction. */
export const defaultBatchSize = 1000;
/** The longest NDJSON line read, in bytes. */
export const defaultMaxLineBytes = 1024 * 1024;

/** Called after each batch commits, with its ids; see {@link IngestService.onCommitted}. */
export type CommittedListener = (batch: BatchRange) => void;

export interface IngestServiceDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Where `Topic.EventsIngested` is published; null publishes nothing. */
  pubsub: Pick<PubSub, 'publish'> | null;
  /** @default 1000 */
  batchSize?: number;
}

export interface StreamOptions {
  /** Gunzip even without the gzip magic bytes (`Content-Encoding: gzip`). */
  gzip?: boolean;
  /** @default 1 MiB */
  maxLineBytes?: number;
  /** The most bytes read after decompression; unlimited when absent. */
  maxBytes?: number;
  /** Called after each committed batch with the summary so far. */
  onProgress?: (summary: IngestSummary) => void;
}

/**
 * How an ingest ended: the summary of what was committed, and why it stopped early when it
 * did (the input was too large or unreadable, the store failed, or it was interrupted:
 * {@link IngestService.interrupt}). Lines up to
 * `summary.lines` were decided; later ones were not stored and may be sent again.
 */
export interface IngestResult {
  summary: IngestSummary;
  stopped: TelltaleError | null;
}

/** A batch could not be stored. */
export class StoreFailedError extends TelltaleError {
  override name = 'StoreFailedError';

  constructor(lastLine: number) {
    super(
      `storing the events failed; lines after ${lastLine} were not stored: send them again later`,
      'STORE_FAILED',
      { lastLine },
    );
  }
}

/**
 * Turns NDJSON streams and record batches into stored events: each batch of up to 1000
 * events is one transaction, acknowledged (counted, announced) only after it commits.
 */
export class IngestService {
  readonly #deps: IngestServiceDeps;
  readonly #batchSize: number;
  readonly #listeners = new Set<CommittedListener>();
  readonly #interrupted = new AbortController();
  readonly #running = new Set<Promise<IngestResult>>();

  constructor(deps: IngestServiceDeps) {
    this.#deps = deps;
    this.#batchSize = deps.batchSize ?? defaultBatchSize;
  }

  /**
   * Registers `listener` to run after every committed batch, before `Topic.EventsIngested`
   * is published (the evaluator's wake-up). Returns a function that removes it.
   */
  onCommitted(listener: CommittedListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Stops every ingest in progress after the batch it is storing, and refuses those started
   * later; resolves once they have all returned. Their results carry an
   * IngestInterruptedError that starts with `reason` ("the server is shutting down") and
   * gives the last line stored, so the rest can be sent again without duplicates.
   */
  async interrupt(reason: string): Promise<void> {
    if (!this.#interrupted.signal.aborted) this.#interrupted.abort(reason);
    await Promise.all(this.#running);
  }

  /** Reads NDJSON (plain or gzip) from `source` and stores its events, streaming. */
  async ingestStream(
    source: AsyncIterable<Buffer>,
    options: StreamOptions = {},
  ): Promise<IngestResult> {
    const chunks = untilAborted(source, this.#interrupted.signal);
    const lines = readLines(decompress(chunks, options.gzip), {
      maxLineBytes: options.maxLineBytes ?? defaultMaxLineBytes,
      maxBytes: options.maxBytes,
    });
    return this.#ingest(
      outcomes(lines, options.maxLineBytes ?? defaultMaxLineBytes),
      options.onProgress,
    );
  }

  /** Stores a batch of records given as objects (the GraphQL mutation); line = position. */
  async ingestRecords(records: readonly unknown[]): Promise<IngestResult> {
    async function* each() {
      for (const [index, record] of records.entries()) {
        yield { line: index + 1, outcome: readRecord(record, JSON.stringify(record)) };
      }
    }
    return this.#ingest(each());
  }

  /** Stores normalised events in one transaction (at most one batch), then announces it. */
  async storeEvents(events: readonly NormalizedEvent[]): Promise<BatchRange> {
    const { db, clock } = this.#deps;
    const range = await db.transaction((tx) => writeBatch(tx, events, clock.now()));
    this.#announce(range);
    return range;
  }

  async #ingest(
    source: AsyncIterable<{ line: number; outcome: RecordOutcome | null }>,
    onProgress?: (summary: IngestSummary) => void,
  ): Promise<IngestResult> {
    const running = this.#run(source, onProgress);
    this.#running.add(running);
    try {
      return await running;
    } finally {
      this.#running.delete(running);
    }
  }

  async #run(
    source: AsyncIterable<{ line: number; outcome: RecordOutcome | null }>,
    onProgress?: (summary: IngestSummary) => void,
  ): Promise<IngestResult> {
    const { signal } = this.#interrupted;
    const summary = new SummaryBuilder();
    let pending = new PendingLines();
    let events: NormalizedEvent[] = [];
    // The batch being stored while the next one is read and normalised (on PostgreSQL the
    // two run on different cores). One at a time, so batches commit and are counted in order.
    let storing: Promise<void> | null = null;

    const settle = async () => {
      const previous = storing;
      storing = null;
      await previous;
    };
    const flush = async () => {
      await settle();
      const [batch, lines] = [events, pending];
      pending = new PendingLines();
      events = [];
      storing = (async () => {
        const range = batch.length > 0 ? await this.#store(batch) : null;
        summary.add(lines, range);
        onProgress?.(summary.build());
      })();
      // Its failure is thrown where it is awaited, not reported as unhandled before that.
      storing.catch(() => {});
    };

    try {
      for await (const { line, outcome } of source) {
        if (signal.aborted) throw new Interrupted();
        if (outcome === null) pending.pass(line);
        else if (outcome.kind === 'event') {
          events.push(outcome.event);
          pending.accept(line, outcome.event.type);
        } else if (outcome.kind === 'skipped') pending.skip(line, outcome.reason);
        else pending.reject(line, outcome.reason);

        const issues = pending.skips.length + pending.rejections.length;
        if (events.length >= this.#batchSize || issues >= 10 * this.#batchSize) await flush();
      }
      await flush();
      await settle();
      return { summary: summary.build(), stopped: null };
    } catch (error) {
      const stopped = await this.#stop(error, flush, settle, summary);
      return { summary: summary.build(), stopped };
    }
  }

  // The input failed: what was read before it is still stored. The store failed: nothing
  // more is tried. Interrupted: the batch being stored commits, and the lines read after it
  // are dropped, so that the answer comes at once and names the first line to send again.
  async #stop(
    error: unknown,
    flush: () => Promise<void>,
    settle: () => Promise<void>,
    summary: SummaryBuilder,
  ) {
    const { signal } = this.#interrupted;
    if (signal.aborted && !(error instanceof StoreFailure)) {
      try {
        await settle();
      } catch (storeError) {
        return this.#storeFailed(storeError, summary);
      }
      return new IngestInterruptedError(String(signal.reason), summary.build().lines);
    }
    if (!(error instanceof StoreFailure)) {
      try {
        await flush();
        await settle();
      } catch (storeError) {
        return this.#storeFailed(storeError, summary);
      }
      if (error instanceof TelltaleError) return error;
      return new UnreadableInputError(inputReason(error), summary.build().lines);
    }
    return this.#storeFailed(error, summary);
  }

  #storeFailed(error: unknown, summary: SummaryBuilder): TelltaleError {
    const cause = error instanceof StoreFailure ? error.cause : error;
    this.#deps.logger.error('storing a batch failed', { error: cause });
    return new StoreFailedError(summary.build().lines);
  }

  async #store(events: readonly NormalizedEvent[]): Promise<BatchRange> {
    try {
      return await this.storeEvents(events);
    } catch (error) {
      throw new StoreFailure(error);
    }
  }

  #announce(range: BatchRange) {
    for (const listener of this.#listeners) {
      try {
        listener(range);
      } catch (error) {
        this.#deps.logger.error('an onCommitted listener failed', { error });
      }
    }
    this.#deps.pubsub?.publish(Topic.EventsIngested, range);
  }
}

// Marks a failure of the store, as opposed to one of the input.
class StoreFailure extends Error {
  constructor(override readonly cause: unknown) {
    super('store failure');
  }
}

// Thrown where an interrupted ingest notices it.
class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

/**
 * The chunks of `source` until `signal` aborts, then an Interrupted error, even while a
 * chunk is awaited: a client sending slowly must not hold up a shutdown.
 */
async function* untilAborted(
  source: AsyncIterable<Buffer>,
  signal: AbortSignal,
): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Interrupted());
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => {});

  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next.done) return;
      yield next.value;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    // The source is left as it is when interrupted: ending an HTTP request's body early would
    // close the connection before the answer is written.
    if (!signal.aborted) await iterator.return?.();
  }
}

async function* outcomes(
  lines: AsyncIterable<SourceLine>,
  maxLineBytes: number,
): AsyncGenerator<{ line: number; outcome: RecordOutcome | null }> {
  for await (const line of lines) {
    if ('tooLong' in line) {
      yield {
        line: line.number,
        outcome: { kind: 'rejected', reason: `line longer than ${maxLineBytes} bytes` },
      };
    } else if (line.text.trim() === '') {
      yield { line: line.number, outcome: null };
    } else {
      yield { line: line.number, outcome: readLine(line.text) };
    }
  }
}

function inputReason(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'Z_BUF_ERROR') return 'the gzip stream ends too early';
  if (code === 'Z_DATA_ERROR') return 'the gzip stream is corrupt';
  return error instanceof Error ? error.message : String(error);
}
